using NfAtip.At;

namespace NfAtip.Services.Mail
{
    /// <summary>AT#GETMAIL over POP3 (chapter 3).</summary>
    public sealed class Pop3Service
    {
        private readonly ServiceContext _context;

        public Pop3Service(ServiceContext context)
        {
            _context = context;
        }

        /// <summary>AT#GETMAIL: the first message, then deleted on the server.</summary>
        public void Retrieve()
        {
            _context.Out.Error(CmeError.ResourceUnavailable); // the POP3 client is being written (issue B)
        }
    }
}
