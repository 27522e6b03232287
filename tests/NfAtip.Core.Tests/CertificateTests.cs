using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NfAtip.TestSupport;

namespace NfAtip.Core.Tests;

/// <summary>AT#CACERT: the TLS extension's CA certificate, entered as PEM and kept in flash.</summary>
public class CertificateTests
{
    private const string Ok = "\r\nOK\r\n";

    internal static string NewCaPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=nf-atip test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.ExportCertificatePem().Replace("\n", "\r\n");
    }

    [Fact]
    public void APastedPemCertificate_IsStored_Shown_AndSurvivesAReboot()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        Assert.Equal("#CACERT: 0\r\n" + Ok, board.Command("AT#CACERT?"));
        string pem = NewCaPem();
        Assert.Equal(Ok, board.Send("AT#CACERT\r" + pem + "\u001a"));
        Assert.Equal($"#CACERT: {pem.Length}\r\n" + Ok, board.Command("AT#CACERT?"));
        Assert.Equal(pem, System.Text.Encoding.ASCII.GetString(Certificate(board)));

        var rebooted = board.Reboot();
        rebooted.Command("ATE0");
        Assert.Equal($"#CACERT: {pem.Length}\r\n" + Ok, rebooted.Command("AT#CACERT?"));
    }

    [Fact]
    public void NotAPemCertificate_OrTooLong_Is34882_AndKeepsTheStoredOne()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        string pem = NewCaPem();
        board.Send("AT#CACERT\r" + pem + "\u001a");
        Assert.Equal("\r\n#CME ERROR: 34882\r\n", board.Send("AT#CACERT\rhello\u001a"));
        Assert.Equal("\r\n#CME ERROR: 34882\r\n", board.Send("AT#CACERT\r" + pem.Replace("A", "\u00c4") + "\u001a"));
        Assert.Equal("\r\n#CME ERROR: 34882\r\n", board.Send("AT#CACERT\r" + pem + new string('x', 5000) + "\u001a"));
        Assert.Equal(Ok, board.Send("AT#CACERT\r-----BEGIN CERT\u001b"));
        Assert.Equal($"#CACERT: {pem.Length}\r\n" + Ok, board.Command("AT#CACERT?"));
    }

    [Fact]
    public void TheEntryAndTheSettingsShareOnePageBuffer_WithoutTouchingEachOthersData()
    {
        // Issue H: the certificate entry borrows the settings' page image. Settings saved before and after an
        // entry leave both stores as they were written, now and after a reboot.
        var board = new TestBoard();
        board.Command("ATE0");
        Assert.Equal(Ok, board.Command("AT#SUBJ1=\"before\""));
        string pem = NewCaPem();
        Assert.Equal(Ok, board.Send("AT#CACERT\r" + pem + "\u001a"));
        Assert.Equal(Ok, board.Command("AT#SUBJ1=\"after\""));
        Assert.Equal(Ok, board.Command("AT#TCPPORT=4711"));
        Assert.Equal(pem, System.Text.Encoding.ASCII.GetString(Certificate(board)));

        var rebooted = board.Reboot();
        rebooted.Command("ATE0");
        Assert.Equal($"#CACERT: {pem.Length}\r\n" + Ok, rebooted.Command("AT#CACERT?"));
        Assert.Equal(pem, System.Text.Encoding.ASCII.GetString(Certificate(rebooted)));
        Assert.Equal("#SUBJ1: \"after\"\r\n" + Ok, rebooted.Command("AT#SUBJ1?"));
        Assert.Equal("#TCPPORT: 4711\r\n" + Ok, rebooted.Command("AT#TCPPORT?"));
    }

    [Fact]
    public void AnEmptyEntry_RemovesTheCertificate()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        board.Send("AT#CACERT\r" + NewCaPem() + "\u001a");
        Assert.Equal(Ok, board.Send("AT#CACERT\r\u001a"));
        Assert.Equal("#CACERT: 0\r\n" + Ok, board.Command("AT#CACERT?"));
        Assert.Equal("#CACERT: 0\r\n" + Ok, board.Reboot().Send("ATE0\rAT#CACERT?\r").Substring(("ATE0\r" + Ok).Length));
    }

    /// <summary>The certificate bytes as the services will see them (read back from flash sectors 4–5).</summary>
    private static byte[] Certificate(TestBoard board)
    {
        var store = new NfAtip.Storage.FlashStore(board.Flash, NfAtip.Board.FirstFreeSector);
        var buffer = new byte[store.Capacity];
        int n = store.Load(buffer);
        return buffer.Take(Math.Max(n, 0)).ToArray();
    }
}
