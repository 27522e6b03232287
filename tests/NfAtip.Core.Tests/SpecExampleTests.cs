using NfAtip.TestSupport;
namespace NfAtip.Core.Tests;

/// <summary>
/// The spec's own examples, byte for byte with the framing of Appendix B ("Serial Communication"):
/// a read is "#MNEMONIC: value[CR][LF]" then "[CR][LF]OK[CR][LF]", strings quoted, numbers bare.
/// Where an example contradicts the rules, docs/spec-decisions.md says which way we went.
/// </summary>
public class SpecExampleTests
{
    private const string Ok = "\r\nOK\r\n";

    [Fact]
    public void AppendixA_AtHashInterface_WithEcho()
    {
        var board = new TestBoard();
        Assert.Equal("AT#PPPMODE=1\r" + Ok, board.Send("AT#PPPMODE=1\r"));
        Assert.Equal("AT#PPPMODE?\r#PPPMODE: 1\r\n" + Ok, board.Send("AT#PPPMODE?\r"));
    }

    [Fact]
    public void AppendixA_GetSoftwareVersion()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        Assert.Equal(Ok, board.Command("AT+WOPEN=1"));
        Assert.Equal("#VERSION: \"nf-atip_V00.01 123456 Nov 24 2026 13:42:19\"\r\n" + Ok, board.Command("AT#VVERSION"));
    }

    public static TheoryData<string, string[], string> Displays => new()
    {
        // AT#VPHY with the defaults the spec's example shows.
        { "AT#VPHY", [], "#ANSWERMODE: 0\r\n#CALLBACKTIMER: 2\r\n#CALLSCREENNUM: \"0\"\r\n#DIALN1: \"\"\r\n#DIALN2: \"\"\r\n#DIALSELECT: 1\r\n#GPRSMODE: 1\r\n#PHYTIMEOUT: 15\r\n#REDIALCOUNT: 5\r\n#REDIALDELAY: 5\r\n#RINGCOUNT: 0\r\n" },
        { "AT#VPPP", ["ISPUN=\"myispun\"", "ISPPW=\"myisppwd\"", "PPPSERVUN=\"myname\"", "PPPSERVPW=\"mypasswd\""],
            "#ISPUN: \"myispun\"\r\n#ISPPW: \"myisppwd\"\r\n#PPPMODE: 1\r\n#PPPMYIP: \"0.0.0.0\"\r\n#PPPPEERIP: \"0.0.0.0\"\r\n#PPPSERVUN: \"myname\"\r\n#PPPSERVPW: \"mypasswd\"\r\n" },
        { "AT#VGPRS", ["APNPW=\"acces\"", "APNSERV=\"a2myoperator.com\"", "APNUN=\"a2b\""],
            "#GPRSCID: 1\r\n#APNPW: \"acces\"\r\n#APNSERV: \"a2myoperator.com\"\r\n#APNUN: \"a2b\"\r\n" },
        { "AT#VDNS", [], "#DNSSERV1: \"0.0.0.0\"\r\n#DNSSERV2: \"0.0.0.0\"\r\n" },
        { "AT#VFTP", ["FTPSERV=\"mytestwebsite.com\"", "FTPUN=\"myname\"", "FTPPW=\"mypass\"", "FTPGETPATH=\".\"", "FTPPUTFILENAME=\"Testseb3.txt\"", "FTPPUTPATH=\".\""],
            "#FTPSERV: \"mytestwebsite.com\"\r\n#FTPPORT: 21\r\n#FTPUN: \"myname\"\r\n#FTPPW: \"mypass\"\r\n#FTPTYPE: \"I\"\r\n#FTPGETFILENAME: \"\"\r\n#FTPGETPATH: \".\"\r\n#FTPPUTFILENAME: \"Testseb3.txt\"\r\n#FTPPUTPATH: \".\"\r\n" },
        { "AT#VPOP3", ["POP3PW=\"mypop3passwd\"", "POP3SERV=\"pop3server\"", "POP3UN=\"mypop3un\""],
            "#POP3HEADERMODE: 1\r\n#POP3PORT: 110\r\n#POP3PW: \"mypop3passwd\"\r\n#POP3SERV: \"pop3server\"\r\n#POP3UN: \"mypop3un\"\r\n" },
        { "AT#VSMTP", ["DOMAIN=\"a2myoper.com\"", "SENDERADDR=\"toto@myoper.com\"", "SENDERNAME=\"toto\"", "SMTPPW=\"mysmtppw\"", "SMTPSERV=\"smtp.a2myoper.com\"", "SMTPUN=\"mysmtpun\""],
            "#DOMAIN: \"a2myoper.com\"\r\n#SENDERADDR: \"toto@myoper.com\"\r\n#SENDERNAME: \"toto\"\r\n#SMTPPORT: 25\r\n#SMTPPW: \"mysmtppw\"\r\n#SMTPSERV: \"smtp.a2myoper.com\"\r\n#SMTPUN: \"mysmtpun\"\r\n" },
        // AT#VMAILi lists REC, CCREC, SUBJ; the body is not displayed.
        { "AT#VMAIL1", ["REC1=\"lesavecom.com\"", "SUBJ1=\"Test\"", "BODY1=\"not shown\""], "#REC1: \"lesavecom.com\"\r\n#CCREC1: \"\"\r\n#SUBJ1: \"Test\"\r\n" },
        { "AT#VMAIL2", [], "#REC2: \"\"\r\n#CCREC2: \"\"\r\n#SUBJ2: \"\"\r\n" },
        { "AT#VMAIL3", ["CCREC3=cc@x.org"], "#REC3: \"\"\r\n#CCREC3: \"cc@x.org\"\r\n#SUBJ3: \"\"\r\n" },
        // AT#VTCP: TCPPORT is a number and TCPSERV a string (the spec's example swaps the values).
        { "AT#VTCP", [], "#DLEMODE: 1\r\n#TCPPORT: 0\r\n#TCPSERV: \"\"\r\n" },
        { "AT#VSTATE", [], "#STATE: \"IDLE\"\r\n" },
        { "AT#VTLS", ["POP3TLS=1"], "#SMTPTLS: 0\r\n#POP3TLS: 1\r\n#FTPTLS: 0\r\n" },
    };

    [Theory]
    [MemberData(nameof(Displays))]
    public void DisplayCommands_AnswerExactly(string command, string[] settings, string expected)
    {
        var board = new TestBoard();
        board.Command("ATE0");
        foreach (string s in settings) Assert.Equal(Ok, board.Command("AT#" + s));
        Assert.Equal(expected + Ok, board.Command(command));
    }

    [Fact]
    public void VAll_ListsEveryGroupInTheSpecsOrder_SeparatedByEmptyLines()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        string expected =
            "#VERSION: \"nf-atip_V00.01 123456 Nov 24 2026 13:42:19\"\r\n" +
            "\r\n#ANSWERMODE: 0\r\n#CALLBACKTIMER: 2\r\n#CALLSCREENNUM: \"0\"\r\n#DIALN1: \"\"\r\n#DIALN2: \"\"\r\n#DIALSELECT: 1\r\n#GPRSMODE: 1\r\n#PHYTIMEOUT: 15\r\n#REDIALCOUNT: 5\r\n#REDIALDELAY: 5\r\n#RINGCOUNT: 0\r\n" +
            "\r\n#ISPUN: \"\"\r\n#ISPPW: \"\"\r\n#PPPMODE: 1\r\n#PPPMYIP: \"0.0.0.0\"\r\n#PPPPEERIP: \"0.0.0.0\"\r\n#PPPSERVUN: \"\"\r\n#PPPSERVPW: \"\"\r\n" +
            "\r\n#GPRSCID: 1\r\n#APNPW: \"\"\r\n#APNSERV: \"\"\r\n#APNUN: \"\"\r\n" +
            "\r\n#DNSSERV1: \"0.0.0.0\"\r\n#DNSSERV2: \"0.0.0.0\"\r\n" +
            "\r\n#FTPSERV: \"\"\r\n#FTPPORT: 21\r\n#FTPUN: \"\"\r\n#FTPPW: \"\"\r\n#FTPTYPE: \"I\"\r\n#FTPGETFILENAME: \"\"\r\n#FTPGETPATH: \"\"\r\n#FTPPUTFILENAME: \"\"\r\n#FTPPUTPATH: \"\"\r\n" +
            "\r\n#POP3HEADERMODE: 1\r\n#POP3PORT: 110\r\n#POP3PW: \"\"\r\n#POP3SERV: \"\"\r\n#POP3UN: \"\"\r\n" +
            "\r\n#DOMAIN: \"\"\r\n#SENDERADDR: \"\"\r\n#SENDERNAME: \"\"\r\n#SMTPPORT: 25\r\n#SMTPPW: \"\"\r\n#SMTPSERV: \"\"\r\n#SMTPUN: \"\"\r\n" +
            "\r\n#BODY1: \"\"\r\n#REC1: \"\"\r\n#CCREC1: \"\"\r\n#SUBJ1: \"\"\r\n" +
            "\r\n#BODY2: \"\"\r\n#REC2: \"\"\r\n#CCREC2: \"\"\r\n#SUBJ2: \"\"\r\n" +
            "\r\n#BODY3: \"\"\r\n#REC3: \"\"\r\n#CCREC3: \"\"\r\n#SUBJ3: \"\"\r\n" +
            "\r\n#DLEMODE: 1\r\n#TCPPORT: 0\r\n#TCPSERV: \"\"\r\n" +
            // nf-atip's TLS extension (docs/spec-decisions.md), last, so the spec's groups keep their places.
            "\r\n#SMTPTLS: 0\r\n#POP3TLS: 0\r\n#FTPTLS: 0\r\n" +
            Ok;
        Assert.Equal(expected, board.Command("AT#VALL"));
    }

    [Fact]
    public void AppendixA_EmailSettings_AsTypedInTheExamples()
    {
        // Appendix A types values with a space after '=', some bare, some quoted.
        var board = new TestBoard();
        board.Command("ATE0");
        Assert.Equal(Ok, board.Command("AT#SMTPSERV= \"smtp.domain.com\""));
        Assert.Equal(Ok, board.Command("AT#DOMAIN= \"domain.com\""));
        Assert.Equal(Ok, board.Command("AT#SENDERNAME= \"Test module\""));
        Assert.Equal(Ok, board.Command("AT#SENDERADDR= \"module@domain.com\""));
        Assert.Equal(Ok, board.Command("AT#REC1= recipient@domain.com"));
        Assert.Equal(Ok, board.Command("AT#CCREC1= ccrecipient@domain.com"));
        Assert.Equal(Ok, board.Command("AT#SUBJ1= \"Email Subject\""));
        Assert.Equal(Ok, board.Command("AT#POP3PW = \"password\""));
        Assert.Equal(Ok, board.Command("AT#TCPPORT=\"23\""));
        Assert.Equal(Ok, board.Command("AT#TCPSERV=\"255.255.255.255\""));
        Assert.Equal("#REC1: \"recipient@domain.com\"\r\n#CCREC1: \"ccrecipient@domain.com\"\r\n#SUBJ1: \"Email Subject\"\r\n" + Ok, board.Command("AT#VMAIL1"));
        Assert.Equal("#SENDERNAME: \"Test module\"\r\n" + Ok, board.Command("AT#SENDERNAME?"));
        Assert.Equal("#POP3PW: \"password\"\r\n" + Ok, board.Command("AT#POP3PW?"));
        Assert.Equal("#TCPPORT: 23\r\n" + Ok, board.Command("AT#TCPPORT?"));
    }

    [Fact]
    public void AppendixA_GsmSettings_DialNumberBothSpellings()
    {
        var board = new TestBoard();
        board.Command("ATE0");
        Assert.Equal(Ok, board.Command("AT#GPRSMODE=0"));
        Assert.Equal(Ok, board.Command("AT#DIALN1=\"0860000000\""));
        Assert.Equal(Ok, board.Command("AT#DIALN 2=0123456789"));
        Assert.Equal("#DIALN1: \"0860000000\"\r\n" + Ok, board.Command("AT#DIALN 1?"));
        Assert.Equal("#DIALN2: \"0123456789\"\r\n" + Ok, board.Command("AT#DIALN2?"));
    }
}
