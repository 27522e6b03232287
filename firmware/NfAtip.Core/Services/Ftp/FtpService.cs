using NfAtip.At;

namespace NfAtip.Services.Ftp
{
    /// <summary>AT#FTPGET and AT#FTPPUT (chapter 4).</summary>
    public sealed class FtpService
    {
        private readonly ServiceContext _context;

        public FtpService(ServiceContext context)
        {
            _context = context;
        }

        /// <summary>AT#FTPGET: FTPGETPATH/FTPGETFILENAME to the host, DLE coded, ETX at the end.</summary>
        public void Get()
        {
            _context.Out.Error(CmeError.ResourceUnavailable); // the FTP client is being written (issue B)
        }

        /// <summary>AT#FTPPUT: host data (DLE coded, ended by ETX) to FTPPUTPATH/FTPPUTFILENAME.</summary>
        public void Put()
        {
            _context.Out.Error(CmeError.ResourceUnavailable); // the FTP client is being written (issue B)
        }
    }
}
