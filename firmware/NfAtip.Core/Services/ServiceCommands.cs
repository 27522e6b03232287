using System;
using NfAtip.At;
using NfAtip.Services.Ftp;
using NfAtip.Services.Mail;
using NfAtip.Services.Tcp;

namespace NfAtip.Services
{
    /// <summary>
    /// The service commands of chapters 3–5 and the rules they share: a service needs an
    /// established link (35867 otherwise) and only one runs at a time (37122: a listening socket is
    /// a running service). Each service answers the host itself; an unexpected fault inside one
    /// ends it with 36872 instead of taking the board down.
    /// </summary>
    public sealed class ServiceCommands
    {
        private readonly ServiceContext _context;
        private readonly SmtpService _smtp;
        private readonly Pop3Service _pop3;
        private readonly FtpService _ftp;
        private readonly TcpService _tcp;

        public ServiceCommands(ServiceContext context)
        {
            _context = context;
            _smtp = new SmtpService(context);
            _pop3 = new Pop3Service(context);
            _ftp = new FtpService(context);
            _tcp = new TcpService(context);
        }

        /// <summary>AT#SENDMAIL1..3 (argument = combination).</summary>
        public void SendMail(int combination)
        {
            if (Enter()) Guard(Kind.SendMail, combination);
        }

        /// <summary>AT#PUTMAIL.</summary>
        public void PutMail(int unused)
        {
            if (Enter()) Guard(Kind.PutMail, 0);
        }

        /// <summary>AT#GETMAIL.</summary>
        public void GetMail(int unused)
        {
            if (Enter()) Guard(Kind.GetMail, 0);
        }

        /// <summary>AT#FTPGET.</summary>
        public void FtpGet(int unused)
        {
            if (Enter()) Guard(Kind.FtpGet, 0);
        }

        /// <summary>AT#FTPPUT.</summary>
        public void FtpPut(int unused)
        {
            if (Enter()) Guard(Kind.FtpPut, 0);
        }

        /// <summary>AT#OTCP.</summary>
        public void OpenTcp(int unused)
        {
            if (Enter()) Guard(Kind.OpenTcp, 0);
        }

        /// <summary>AT#LTCPSTART: starts listening; the session itself begins in <see cref="Poll"/>.</summary>
        public void ListenTcp(int unused)
        {
            if (Enter()) Guard(Kind.ListenTcp, 0);
        }

        /// <summary>AT#LTCPSTOP: closes the listening socket (OK also when none is open).</summary>
        public void StopListening(int unused)
        {
            _tcp.StopListening();
        }

        /// <summary>An ETX typed in command mode: aborts a listening socket, if one is open (chapter 5's note on AT#LTCPSTART).</summary>
        public void AbortListening(int unused)
        {
            Guard(Kind.AbortTcp, 0);
        }

        /// <summary>The TCP service (tests and the benchmark reach its data pump here).</summary>
        public TcpService Tcp
        {
            get { return _tcp; }
        }

        /// <summary>Background work between commands: a peer arriving on the listening socket, an ETX abort.</summary>
        public void Poll()
        {
            if (!_tcp.IsListening) return;
            Guard(Kind.PollTcp, 0);
        }

        /// <summary>True while a service keeps the host line (a listening socket waits for its peer).</summary>
        public bool Active
        {
            get { return _tcp.IsListening; }
        }

        private bool Enter()
        {
            if (!_context.Connection.IsUp)
            {
                _context.Out.Error(CmeError.LinkNotActive);
                return false;
            }
            if (_tcp.IsListening)
            {
                _context.Out.Error(CmeError.ServiceBusy);
                return false;
            }
            return true;
        }

        private enum Kind
        {
            SendMail,
            PutMail,
            GetMail,
            FtpGet,
            FtpPut,
            OpenTcp,
            ListenTcp,
            PollTcp,
            AbortTcp
        }

        private void Guard(Kind kind, int argument)
        {
            try
            {
                switch (kind)
                {
                    case Kind.SendMail: _smtp.SendCombination(argument); break;
                    case Kind.PutMail: _smtp.SendFromHost(); break;
                    case Kind.GetMail: _pop3.Retrieve(); break;
                    case Kind.FtpGet: _ftp.Get(); break;
                    case Kind.FtpPut: _ftp.Put(); break;
                    case Kind.OpenTcp: _tcp.Open(); break;
                    case Kind.ListenTcp: _tcp.Listen(); break;
                    case Kind.PollTcp: _tcp.Poll(); break;
                    case Kind.AbortTcp: _tcp.AbortListening(); break;
                }
            }
            catch (Exception)
            {
                _tcp.Abandon();
                _context.Out.Error(CmeError.ResourceUnavailable);
            }
        }
    }
}
