namespace NfAtip.Platform
{
    /// <summary>
    /// A host line that serves one host after another, such as the virtual board's <c>--listen</c> (a new
    /// client replaces the last). A board's UART never changes hands and does not implement it. The board
    /// starts each new session as a fresh terminal expects: nothing the previous host half typed is kept.
    /// </summary>
    public interface IHostSessions
    {
        /// <summary>Counts the hosts served so far; changes when a new one takes the line.</summary>
        int Session { get; }
    }
}
