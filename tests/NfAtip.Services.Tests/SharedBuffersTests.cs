using NfAtip.Net;
using NfAtip.Platform;
using NfAtip.Services;
using NfAtip.Services.Tests.Ftp;
using NfAtip.Services.Tests.Pop3;
using NfAtip.TestSupport;

namespace NfAtip.Services.Tests;

/// <summary>
/// Issue H: the services share one set of buffers (ServiceBuffers). Back to back on one board, each service
/// starts from scratch: nothing of the previous one's data or reply lines shows in the next one's answer.
/// </summary>
public class SharedBuffersTests
{
    [Fact]
    public void Ftpget_getmail_ftpget_on_one_board_each_answer_is_its_own()
    {
        byte[] first = FtpKit.Binary(5000, seed: 1);   // DLE and ETX throughout: the coded buffer fills
        byte[] second = FtpKit.Binary(3000, seed: 2);
        using var ftp1 = new FakeFtpServer { Payload = first };
        var board = FtpKit.Board(ftp1.Port);
        FtpKit.Set(board, "FTPGETPATH", "dir");
        FtpKit.Set(board, "FTPGETFILENAME", "file.bin");
        Assert.Equal(FtpKit.DataBegin + FtpServerTests.Latin1(FtpKit.Encode(first)) + "\u0003" + FtpKit.Ok, FtpServerTests.Latin1(FtpKit.Get(board)));

        using var pop3 = new FakePop3 { Message = System.Text.Encoding.ASCII.GetBytes("Subject: shared\r\n\r\nline one\r\n.\r\n") };
        Pop3Board.Set(board, "POP3SERV", "\"127.0.0.1\"");
        Pop3Board.Set(board, "POP3PORT", pop3.Port.ToString());
        Pop3Board.Set(board, "POP3UN", "\"user\"");
        Pop3Board.Set(board, "POP3PW", "\"pw\"");
        Assert.Equal(Pop3Board.InfoMail + "Subject: shared\r\n\r\nline one\r\n.\r\n" + FtpKit.Ok, board.Command("AT#GETMAIL"));

        using var ftp2 = new FakeFtpServer { Payload = second };
        FtpKit.Set(board, "FTPPORT", ftp2.Port.ToString());
        Assert.Equal(FtpKit.DataBegin + FtpServerTests.Latin1(FtpKit.Encode(second)) + "\u0003" + FtpKit.Ok, FtpServerTests.Latin1(FtpKit.Get(board)));
    }

    [Fact]
    public void The_shared_reply_reader_keeps_each_clients_line_bound()
    {
        // POP3 keeps 128 bytes of a status line, FTP 256, SMTP 512 (RFC 5321): one reader, attached per connection.
        var reader = new ServiceBuffers(new FakeClock()).Reply;
        string line = new string('x', 300);
        reader.Attach(new OneReply(line + "\r\n"), 128);
        Assert.Equal(1, reader.ReadLine(1000));
        Assert.Equal(128, reader.Length);
        Assert.True(reader.Truncated);
        reader.Attach(new OneReply(line + "\r\n"));
        Assert.Equal(1, reader.ReadLine(1000));
        Assert.Equal(300, reader.Length);
        Assert.False(reader.Truncated);
    }

    /// <summary>A connection that delivers one text, then reports the peer's close.</summary>
    private sealed class OneReply(string text) : ITcpConnection
    {
        private readonly byte[] _bytes = System.Text.Encoding.ASCII.GetBytes(text);
        private int _at;
        public uint RemoteAddress => 0x7F000001;
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (_at == _bytes.Length) return TcpRead.Closed;
            int n = Math.Min(count, _bytes.Length - _at);
            Array.Copy(_bytes, _at, buffer, offset, n);
            _at += n;
            return n;
        }
        public bool Write(byte[] buffer, int offset, int count) => true;
        public bool StartTls(string serverName, byte[] caCertificate) => false;
        public void Close() { }
    }
}
