using System.Net.Sockets;
using System.Text;
using NfAtip.Device;
using NfAtip.Ppp;

namespace NfAtip.PppHost.Tests;

/// <summary>
/// The module's NO CARRIER on the PPP line (the network dropped the call while the board's PPP had the UART):
/// the session core ends the session at once with PPPERR_CONNECT where the text stands where a frame could
/// start, and takes the same text inside a frame for what it is: part of a frame. The test is the module.
/// </summary>
[Collection(InProcessLwip.Name)]
public sealed class CarrierTests : IDisposable
{
    private readonly Socket _session, _module;

    public CarrierTests()
    {
        (_session, _module) = SocketPair.Create();
        NativePpp.UseLine(_session.Handle);
        Assert.Equal(0, NativePpp.Open(0, 115200, -1, -1, -1, -1, false, "", "", 0, 0));
        Assert.Equal(0, NativePpp.Input(new byte[1], 0, 0)); // nothing read before the hand-over
    }

    public void Dispose()
    {
        InProcessLwip.Release();
        _session.Dispose();
        _module.Dispose();
    }

    private static readonly byte[] NoCarrier = Encoding.ASCII.GetBytes("\r\nNO CARRIER\r\n");

    /// <summary>The session's state once it has left negotiation, or after the bound (then still negotiating).</summary>
    private static int StatusAfter(Func<int, bool> done)
    {
        var deadline = DateTime.UtcNow + PppProcess.Bound;
        int status;
        while (!done(status = NativePpp.Status()) && DateTime.UtcNow < deadline) Thread.Sleep(10);
        return status;
    }

    /// <summary>Reads what the session sent until at least one whole frame (flag … flag) went by: it is running.</summary>
    private void SeeAFrame()
    {
        var buffer = new byte[512];
        int flags = 0;
        _module.ReceiveTimeout = (int)PppProcess.Bound.TotalMilliseconds;
        while (flags < 2)
        {
            int n = _module.Receive(buffer);
            flags += buffer.Take(n).Count(b => b == 0x7E);
        }
    }

    [Fact]
    public void No_carrier_after_a_frame_ends_the_session_with_the_connection_lost()
    {
        SeeAFrame();
        _module.Send(new byte[] { 0x7E, 0xFF, 0x7D, 0x23, 0xC0, 0x21, 0x7E }); // a (short, bad) frame, then the result
        _module.Send(NoCarrier);
        int status = StatusAfter(s => PppStatusMap.State(s) == PppStatusMap.StateEnded);
        Assert.Equal(PppStatusMap.StateEnded, PppStatusMap.State(status));
        Assert.Equal(PppStatusMap.ErrConnect, PppStatusMap.PppError(status));
        // As client while negotiating: the spec's PPP negotiation failure.
        Assert.Equal(PppStatusMap.ClientFailed, PppStatusMap.Map(status, false, 0, 0));
    }

    [Fact]
    public void No_carrier_before_any_frame_and_after_another_result_line_is_recognised_too()
    {
        _module.Send(Encoding.ASCII.GetBytes("\r\n"));
        _module.Send(NoCarrier);
        int status = StatusAfter(s => PppStatusMap.State(s) == PppStatusMap.StateEnded);
        Assert.Equal(PppStatusMap.ErrConnect, PppStatusMap.PppError(status));
    }

    [Fact]
    public void The_same_text_inside_a_frame_is_data_and_the_session_goes_on()
    {
        SeeAFrame();
        // A frame whose content holds CR LF NO CARRIER CR LF (an IP packet carrying it, once ACCM lets CR LF
        // through unescaped): it starts with 0xFF, so it is no module result. lwIP drops it (its FCS is wrong).
        var frame = new List<byte> { 0x7E, 0xFF, 0x03, 0x00, 0x21 };
        frame.AddRange(NoCarrier);
        frame.AddRange(new byte[] { 0x12, 0x34, 0x7E });
        _module.Send(frame.ToArray());
        // Then a flag and a frame start that is not CR: still not a result.
        _module.Send(new byte[] { 0x7E, 0xFF, 0x0D, 0x0A, 0x7E });
        // Proof the session still runs: it keeps sending its LCP Configure-Requests.
        SeeAFrame();
        Assert.Equal(PppStatusMap.StateNegotiating, PppStatusMap.State(NativePpp.Status()));
        // And the real result still ends it.
        _module.Send(NoCarrier);
        Assert.Equal(PppStatusMap.ErrConnect, PppStatusMap.PppError(StatusAfter(s => PppStatusMap.State(s) == PppStatusMap.StateEnded)));
    }
}
