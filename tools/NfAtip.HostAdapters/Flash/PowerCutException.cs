namespace NfAtip.HostAdapters.Flash;

/// <summary>Thrown by <see cref="RamFlash"/> when a simulated power cut hits, and by every call after it until <see cref="RamFlash.Revive"/>.</summary>
public sealed class PowerCutException : Exception
{
    public PowerCutException() : base("simulated power cut") { }
}
