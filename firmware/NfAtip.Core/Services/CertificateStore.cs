using NfAtip.At;
using NfAtip.Storage;

namespace NfAtip.Services
{
    /// <summary>
    /// The CA certificate the TLS extension validates servers against (SMTPTLS/POP3TLS/FTPTLS). It is
    /// typed or pasted after AT#CACERT as PEM text ending with Ctrl-Z (like a BODYn entry), checked,
    /// and kept in its own flash store, so a power cut keeps the old or the new certificate. An empty
    /// entry removes it. AT#CACERT? shows its size in bytes (0: none).
    /// </summary>
    public sealed class CertificateStore
    {
        private const string Begin = "-----BEGIN CERTIFICATE-----";
        private const string End = "-----END CERTIFICATE-----";

        private readonly FlashStore _store;
        private readonly byte[] _entry;
        private int _entryLength;
        private bool _entryOverflow;
        private byte[] _certificate;

        /// <summary>A store in <paramref name="store"/>; null when the flash has no room for one (every write then fails with 34824).</summary>
        /// <param name="scratch">
        /// A buffer to hold the entry being typed and the record being loaded, borrowed (the settings' page
        /// image, <see cref="Parameters.Settings.PageImage"/>): used only inside Load and between BeginEntry and
        /// CommitEntry. A buffer shorter than the store's capacity is not used (a buffer of its own is made).
        /// </param>
        public CertificateStore(FlashStore store, byte[] scratch)
        {
            _store = store;
            int capacity = store == null ? 0 : store.Capacity;
            _entry = scratch != null && scratch.Length >= capacity ? scratch : new byte[capacity];
        }

        /// <summary>The stored CA certificate (PEM text), or null when none is stored.</summary>
        public byte[] CaCertificate
        {
            get { return _certificate; }
        }

        /// <summary>Size of the stored certificate in bytes (0: none).</summary>
        public int Length
        {
            get { return _certificate == null ? 0 : _certificate.Length; }
        }

        /// <summary>What the load found (a <see cref="StoreRecovery"/> value).</summary>
        public int Recovery
        {
            get { return _store == null ? StoreRecovery.None : _store.Recovery; }
        }

        private int Capacity
        {
            get { return _store == null ? 0 : _store.Capacity; }
        }

        /// <summary>Reads the stored certificate at start.</summary>
        public void Load()
        {
            _certificate = null;
            if (_store == null) return;
            int length = _store.Load(_entry);
            if (length > 0 && IsPem(_entry, length)) _certificate = Copy(_entry, length);
        }

        /// <summary>Starts a new entry (the stored certificate stays until the entry is committed).</summary>
        public void BeginEntry()
        {
            _entryLength = 0;
            _entryOverflow = false;
        }

        public void EntryByte(byte b)
        {
            // The store's capacity, not the borrowed buffer's length (which may be longer).
            if (_entryLength < Capacity) _entry[_entryLength++] = b;
            else _entryOverflow = true;
        }

        /// <summary>Backspace during the entry; false when there is nothing to erase.</summary>
        public bool EraseLast()
        {
            if (_entryLength == 0 || _entryOverflow) return false;
            _entryLength--;
            return true;
        }

        /// <summary>Ends the entry: stores it (empty = remove). Returns 0, or the #CME ERROR code.</summary>
        public int CommitEntry()
        {
            if (_entryOverflow || (_entryLength > 0 && !IsPem(_entry, _entryLength))) return CmeError.BadValue;
            if (_store == null || !_store.Save(_entry, _entryLength)) return CmeError.StoreWriteFailed;
            _certificate = _entryLength == 0 ? null : Copy(_entry, _entryLength);
            return 0;
        }

        /// <summary>Printable ASCII and line breaks only, with a BEGIN CERTIFICATE line before an END CERTIFICATE line.</summary>
        private static bool IsPem(byte[] data, int length)
        {
            for (int i = 0; i < length; i++)
            {
                byte c = data[i];
                if ((c < 0x20 || c > 0x7E) && c != 13 && c != 10) return false;
            }
            int begin = IndexOf(data, length, Begin, 0);
            return begin >= 0 && IndexOf(data, length, End, begin + Begin.Length) > 0;
        }

        private static int IndexOf(byte[] data, int length, string text, int from)
        {
            for (int i = from; i + text.Length <= length; i++)
            {
                int j = 0;
                while (j < text.Length && data[i + j] == (byte)text[j]) j++;
                if (j == text.Length) return i;
            }
            return -1;
        }

        private static byte[] Copy(byte[] data, int length)
        {
            byte[] copy = new byte[length];
            for (int i = 0; i < length; i++) copy[i] = data[i];
            return copy;
        }
    }
}
