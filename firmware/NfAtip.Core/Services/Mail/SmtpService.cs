using NfAtip.At;

namespace NfAtip.Services.Mail
{
    /// <summary>AT#SENDMAIL1..3 and AT#PUTMAIL over SMTP (chapter 3).</summary>
    public sealed class SmtpService
    {
        private readonly ServiceContext _context;

        public SmtpService(ServiceContext context)
        {
            _context = context;
        }

        /// <summary>AT#SENDMAILn: the stored combination n.</summary>
        public void SendCombination(int combination)
        {
            _context.Out.Error(CmeError.ResourceUnavailable); // the SMTP client is being written (issue B)
        }

        /// <summary>AT#PUTMAIL: REC1/CCREC1/SUBJ1 with the body typed on the host line.</summary>
        public void SendFromHost()
        {
            _context.Out.Error(CmeError.ResourceUnavailable); // the SMTP client is being written (issue B)
        }
    }
}
