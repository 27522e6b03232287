namespace NfAtip.Storage
{
    /// <summary>
    /// What a <see cref="FlashStore"/> found when it scanned its two slots (spec decision S6). Constants, not an
    /// enum, so the board's report can take the worst of several stores with a comparison.
    /// </summary>
    public static class StoreRecovery
    {
        /// <summary>The newest committed record loaded intact, or the store was never written.</summary>
        public const int None = 0;

        /// <summary>The newest committed record was damaged; the one before it was loaded (its last change is lost).</summary>
        public const int Previous = 1;

        /// <summary>Every committed record was damaged: nothing loaded, the defaults apply.</summary>
        public const int Lost = 2;
    }
}
