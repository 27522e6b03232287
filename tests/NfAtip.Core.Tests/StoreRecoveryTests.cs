using NfAtip.Storage;
using NfAtip.TestSupport;

namespace NfAtip.Core.Tests;

/// <summary>
/// Spec decision S6: a damaged settings record is recovered from, and said so — in AT#VSTATE (a #STORE line
/// after the state) and in <see cref="Board.StoreReport"/> (the virtual board's stderr, the board's debug output).
/// Flash layout (Board): settings page 0 in sectors 0–1, the mail page in 2–3, the CA certificate in 4–5.
/// </summary>
public class StoreRecoveryTests
{
    private const string Ok = "\r\nOK\r\n";
    private const int Sector = 4096;
    private const int Payload = 32; // FlashStore.HeaderSize

    private static TestBoard Rebooted(TestBoard board)
    {
        var rebooted = board.Reboot();
        rebooted.Command("ATE0");
        return rebooted;
    }

    [Fact]
    public void AnIntactStore_ShowsNoStoreLine_AndNoReport()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        Assert.Equal(Ok, board.Command("AT#SMTPSERV=\"a.example\""));
        var rebooted = Rebooted(board);
        Assert.Equal("#STATE: \"IDLE\"\r\n" + Ok, rebooted.Command("AT#VSTATE"));
        Assert.Null(rebooted.Board.StoreReport);
        Assert.Equal(StoreRecovery.None, rebooted.Board.StoreRecovery);
    }

    [Fact]
    public void NewestMainRecordDamaged_LoadsThePreviousOne_KeepsTheMailPage_AndSaysRecovered()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        Assert.Equal(Ok, board.Command("AT#SMTPSERV=\"a.example\"")); // page 0, slot 0 (sequence 1)
        Assert.Equal(Ok, board.Command("AT#SUBJ1=\"hello\""));        // mail page, slot 0
        Assert.Equal(Ok, board.Command("AT#SMTPSERV=\"b.example\"")); // page 0, slot 1 (sequence 2)
        board.Flash.CorruptByte(1 * Sector + Payload + 3);

        var rebooted = Rebooted(board);
        Assert.Equal("#SMTPSERV: \"a.example\"\r\n" + Ok, rebooted.Command("AT#SMTPSERV?"));
        Assert.Equal("#SUBJ1: \"hello\"\r\n" + Ok, rebooted.Command("AT#SUBJ1?"));
        Assert.Equal("#STATE: \"IDLE\"\r\n#STORE: \"RECOVERED\"\r\n" + Ok, rebooted.Command("AT#VSTATE"));
        Assert.Equal("settings (sectors 0-1): newest record damaged, the previous one loaded (its last change is lost)",
            rebooted.Board.StoreReport);

        // The line stays until the next start; a new value is stored as usual and the start after it is clean.
        Assert.Equal(Ok, rebooted.Command("AT#SMTPSERV=\"c.example\""));
        Assert.Contains("#STORE: \"RECOVERED\"", rebooted.Command("AT#VSTATE"));
        var again = Rebooted(rebooted);
        Assert.Equal("#SMTPSERV: \"c.example\"\r\n" + Ok, again.Command("AT#SMTPSERV?"));
        Assert.Equal("#STATE: \"IDLE\"\r\n" + Ok, again.Command("AT#VSTATE"));
    }

    [Fact]
    public void OnlyMailRecordDamaged_GivesTheMailDefaults_KeepsTheRest_AndSaysLost()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        Assert.Equal(Ok, board.Command("AT#SUBJ1=\"hello\""));        // mail page, its only record
        Assert.Equal(Ok, board.Command("AT#SMTPSERV=\"a.example\""));
        board.Flash.CorruptByte(2 * Sector + Payload + 1);

        var rebooted = Rebooted(board);
        Assert.Equal("#SUBJ1: \"\"\r\n" + Ok, rebooted.Command("AT#SUBJ1?"));
        Assert.Equal("#SMTPSERV: \"a.example\"\r\n" + Ok, rebooted.Command("AT#SMTPSERV?"));
        Assert.Equal("#STATE: \"IDLE\"\r\n#STORE: \"LOST\"\r\n" + Ok, rebooted.Command("AT#VSTATE"));
        Assert.Equal("mail settings (sectors 2-3): every record damaged, its defaults apply", rebooted.Board.StoreReport);
    }

    [Fact]
    public void DamagedCertificateAndMainPage_AreBothNamed_LostOutranksRecovered()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        Assert.Equal(Ok, board.Command("AT#SMTPSERV=\"a.example\""));
        Assert.Equal(Ok, board.Command("AT#SMTPSERV=\"b.example\""));
        Assert.Equal(Ok, board.Send("AT#CACERT\r" + CertificateTests.NewCaPem() + "\u001a"));
        board.Flash.CorruptByte(1 * Sector + Payload + 3);
        board.Flash.CorruptByte(4 * Sector + Payload + 40);

        var rebooted = Rebooted(board);
        Assert.Equal("#CACERT: 0\r\n" + Ok, rebooted.Command("AT#CACERT?"));
        Assert.Contains("#STORE: \"LOST\"\r\n", rebooted.Command("AT#VSTATE"));
        Assert.Equal("settings (sectors 0-1): newest record damaged, the previous one loaded (its last change is lost); "
            + "CA certificate (sectors 4-5): every record damaged, its defaults apply", rebooted.Board.StoreReport);
    }
}
