namespace NfAtip.Services
{
    /// <summary>
    /// The CA certificate the TLS extension validates servers against (SMTPTLS/POP3TLS/FTPTLS),
    /// kept in flash by AT#CACERT.
    /// </summary>
    public sealed class CertificateStore
    {
        private byte[] _certificate;

        /// <summary>The stored CA certificate (PEM text or DER bytes), or null when none is stored.</summary>
        public byte[] CaCertificate
        {
            get { return _certificate; }
        }
    }
}
