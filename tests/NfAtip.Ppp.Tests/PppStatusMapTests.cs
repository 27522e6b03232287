using NfAtip.Device;

namespace NfAtip.Ppp.Tests;

public class PppStatusMapTests
{
    private const int Limit = 30000;

    [Fact]
    public void SpecCodes()
    {
        // Spec error table: PPP negotiation failed (client/server), PPP timeout (client/server), resource.
        Assert.Equal(37120, PppStatusMap.ClientFailed);
        Assert.Equal(37121, PppStatusMap.ServerFailed);
        Assert.Equal(38980, PppStatusMap.ClientTimeout);
        Assert.Equal(38981, PppStatusMap.ServerTimeout);
        Assert.Equal(36872, PppStatusMap.ResourceUnavailable);
        // Same values as NfAtip.Platform.IpLinkStatus.
        Assert.Equal(0, PppStatusMap.Negotiating);
        Assert.Equal(1, PppStatusMap.Up);
    }

    [Fact]
    public void PackRoundTrips()
    {
        int p = PppStatusMap.Pack(PppStatusMap.StateEnded, PppStatusMap.ErrAuthFail);
        Assert.Equal(0x0703, p);
        Assert.Equal(PppStatusMap.StateEnded, PppStatusMap.State(p));
        Assert.Equal(PppStatusMap.ErrAuthFail, PppStatusMap.PppError(p));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NegotiatingWithinTheLimit(bool server)
    {
        int p = PppStatusMap.Pack(PppStatusMap.StateNegotiating, 0);
        Assert.Equal(PppStatusMap.Negotiating, PppStatusMap.Map(p, server, 0, Limit));
        Assert.Equal(PppStatusMap.Negotiating, PppStatusMap.Map(p, server, Limit - 1, Limit));
    }

    [Theory]
    [InlineData(false, 38980)]
    [InlineData(true, 38981)]
    public void NegotiatingPastTheLimitIsATimeout(bool server, int code)
    {
        int p = PppStatusMap.Pack(PppStatusMap.StateNegotiating, 0);
        Assert.Equal(code, PppStatusMap.Map(p, server, Limit, Limit));
        Assert.Equal(code, PppStatusMap.Map(p, server, Limit * 10L, Limit));
        // A session the native side has not reported on yet counts as negotiating.
        Assert.Equal(code, PppStatusMap.Map(PppStatusMap.Pack(PppStatusMap.StateNone, 0), server, Limit, Limit));
    }

    [Fact]
    public void NoLimitNeverTimesOut()
    {
        int p = PppStatusMap.Pack(PppStatusMap.StateNegotiating, 0);
        Assert.Equal(PppStatusMap.Negotiating, PppStatusMap.Map(p, false, long.MaxValue / 2, 0));
        Assert.Equal(PppStatusMap.Negotiating, PppStatusMap.Map(p, true, long.MaxValue / 2, -1));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void UpStaysUpPastTheLimit(bool server)
    {
        int p = PppStatusMap.Pack(PppStatusMap.StateUp, 0);
        Assert.Equal(PppStatusMap.Up, PppStatusMap.Map(p, server, 0, Limit));
        Assert.Equal(PppStatusMap.Up, PppStatusMap.Map(p, server, Limit * 3L, Limit));
    }

    [Theory]
    // Negotiation failures: authentication refused, options not agreed, loopback, carrier lost, closed.
    [InlineData(7, false, 37120)]
    [InlineData(7, true, 37121)]
    [InlineData(8, false, 37120)]
    [InlineData(8, true, 37121)]
    [InlineData(12, false, 37120)]
    [InlineData(6, true, 37121)]
    [InlineData(5, false, 37120)]
    [InlineData(0, true, 37121)]    // ended without a code: still a failure
    [InlineData(200, false, 37120)] // unknown future code
    // The peer going silent and lwIP's own time limits: timeouts.
    [InlineData(9, false, 38980)]
    [InlineData(9, true, 38981)]
    [InlineData(10, false, 38980)]
    [InlineData(11, true, 38981)]
    // Local set-up failures: internal resource unavailable, whatever the role.
    [InlineData(1, false, 36872)]
    [InlineData(2, true, 36872)]
    [InlineData(3, false, 36872)]
    [InlineData(4, true, 36872)]
    public void EndedSessionsMapToTheSpecCodes(int pppErr, bool server, int code)
    {
        int p = PppStatusMap.Pack(PppStatusMap.StateEnded, pppErr);
        Assert.Equal(code, PppStatusMap.Map(p, server, 0, Limit));
        // The failure wins over the time limit: the cause is known.
        Assert.Equal(code, PppStatusMap.Map(p, server, Limit + 1, Limit));
        Assert.True(PppStatusMap.IsFailure(code));
    }

    [Fact]
    public void NegotiatingAndUpAreNotFailures()
    {
        Assert.False(PppStatusMap.IsFailure(PppStatusMap.Negotiating));
        Assert.False(PppStatusMap.IsFailure(PppStatusMap.Up));
    }

    [Theory]
    [InlineData("COM1", 0)]
    [InlineData("COM2", 1)]
    [InlineData("COM3", 2)]
    [InlineData("COM6", 5)]   // STM32: USART6
    [InlineData("COM9", 8)]
    [InlineData("COM0", -1)]
    [InlineData("com3", -1)]
    [InlineData("COM", -1)]
    [InlineData("COM10", -1)]
    [InlineData("", -1)]
    [InlineData(null, -1)]
    public void ComPortToUartNumber(string port, int uart)
    {
        Assert.Equal(uart, PppUartSettings.UartFromComPort(port));
    }
}
