using NfAtip.Net;
using NfAtip.Platform;

namespace NfAtip.Services
{
    /// <summary>
    /// The services' working buffers, one set for all of them: a command runs its service to its end before
    /// the board reads the next one (and a listening AT#LTCPSTART holds none until its peer comes), so no two
    /// services ever use them at once. Each service takes the part it needs when it is built; each starts
    /// every use from scratch (the reply reader is attached to the new connection, the pump and the mail
    /// writer begin empty). One set instead of one per service: about 4 KB less heap on the board (issue H).
    /// </summary>
    public sealed class ServiceBuffers
    {
        /// <summary>A chunk read from the network (AT#FTPGET's data, AT#GETMAIL's message, the socket's side of the pump).</summary>
        public readonly byte[] Data = new byte[1024];

        /// <summary>Data DLE-coded for the host line: twice <see cref="Data"/>, the coding's worst case.</summary>
        public readonly byte[] Coded = new byte[2048];

        /// <summary>A chunk for the network (the mail writer's lines, the host's side of the pump).</summary>
        public readonly byte[] Out = new byte[512];

        /// <summary>The reply reader of the SMTP, POP3 and FTP clients (each attaches it with its own line bound).</summary>
        public readonly LineReader Reply;

        /// <summary>The longest reply line a client may ask <see cref="Reply"/> to keep.</summary>
        public const int ReplyLineCapacity = 512;

        public ServiceBuffers(IClock clock)
        {
            Reply = new LineReader(clock, ReplyLineCapacity, 512);
        }
    }
}
