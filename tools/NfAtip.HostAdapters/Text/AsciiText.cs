using System.Text;
using NfAtip.Platform;

namespace NfAtip.HostAdapters.Text;

/// <summary>
/// The PC's block copy of text, standing in for the board's native one (firmware/NfAtip/NativeText.cs): .NET's
/// ASCII encoder. Anything outside ASCII becomes '?' (a surrogate pair one '?'), so such text gives another count
/// than asked and the core writes it itself, as it does on the board.
/// </summary>
public sealed class AsciiText : ITextEncoder
{
    public static readonly AsciiText Instance = new();

    public int Encode(string text, int index, int count, byte[] bytes, int at)
    {
        if (at + count > bytes.Length) return -1;
        return Encoding.ASCII.GetBytes(text, index, count, bytes, at);
    }
}
