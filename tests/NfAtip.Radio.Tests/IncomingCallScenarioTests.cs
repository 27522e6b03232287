using System.Diagnostics;
using System.Text;
using NfAtip.HostAdapters.Clock;
using NfAtip.HostAdapters.Flash;
using NfAtip.HostAdapters.Network;
using NfAtip.ModemSim;
using NfAtip.Platform;
using NfAtip.Radio;
using NfAtip.TestSupport;

namespace NfAtip.Radio.Tests;

/// <summary>
/// Incoming calls (spec "Automatic Answer", "Automatic Call-Back", "Answering an Incoming Call") and radio
/// faults on the virtual board: Board + SimulatedModule + SimulatedPppLink stepped by the test on one
/// <see cref="VirtualTime"/> (each idle step lets 1 ms pass): a ring count is counted in the module's time, not
/// the machine's, so a loaded machine cannot turn 3 rings into 4, and the run is the same every time.
/// </summary>
public class IncomingCallScenarioTests
{
    private const int Bound = 30_000;
    private const string Caller = "0612345678";

    /// <summary>The virtual board, stepped synchronously from the test thread (the module runs its own timers).</summary>
    private sealed class Rig
    {
        public readonly HostPipe Host = new();
        public readonly VirtualTime Time = new();
        public readonly SimulatedModule Module;
        public readonly SimulatedPppLink Ppp;
        public readonly Board Board;
        private readonly StringBuilder _seen = new();
        private int _mark;

        /// <param name="configure">Changes made before the board starts (the driver schedules its polls at start-up).</param>
        /// <summary>The PPP server's address pair (spec decision L19: the 0.0.0.0 defaults are refused).</summary>
        public void ServerAddresses()
        {
            Set("PPPMYIP", "\"192.168.10.1\"");
            Set("PPPPEERIP", "\"192.168.10.2\"");
        }

        public Rig(Action<Board>? configure = null)
        {
            Module = new SimulatedModule(new ModuleState(), Time);
            Ppp = new SimulatedPppLink(Module);
            Board = new Board(new BoardPlatform(Host, Module, new RamFlash(4096, 8), Time, new HostNetwork(), Ppp), TestBoard.Identity);
            // Bench timings: a spec second is 50 ms, the ring gap follows the module's short ring interval.
            Board.LinkTimings.EscapeGuardMs = 50;
            Board.LinkTimings.EscapeAnswerMs = 200;
            Board.LinkTimings.SecondMs = 50;
            Board.LinkTimings.RingGapMs = 1500;
            // Well inside the module's 300 ms ring interval, so a call without +CLIP is decided on its RINGCOUNT-th ring.
            Board.LinkTimings.ClipWaitMs = 100;
            Module.State.GuardTimeMs = 40;
            configure?.Invoke(Board);
            Board.Start();
            StepUntil(() => Board.Radio.State == RadioState.Ready, "module ready");
            Command("ATE0", "OK\r\n");
        }

        /// <summary>Steps the board until <paramref name="done"/>; fails after the bound (of bench time).</summary>
        public void StepUntil(Func<bool> done, string what)
        {
            long start = Time.NowMs;
            while (!done())
            {
                Assert.True(Time.NowMs - start < Bound, "waited for " + what + "; host saw: " + Escape(Since()));
                Board.Step(0);
                Collect();
                Time.Advance(1);
            }
        }

        /// <summary>Steps for <paramref name="ms"/> of bench time (for "nothing happens" checks), collecting output.</summary>
        public void StepFor(int ms)
        {
            long start = Time.NowMs;
            while (Time.NowMs - start < ms)
            {
                Board.Step(0);
                Collect();
                Time.Advance(1);
            }
        }

        private void Collect() => _seen.Append(Encoding.Latin1.GetString(Host.TakeOutput()));

        /// <summary>Everything the host saw since the last <see cref="Mark"/>.</summary>
        public string Since() => _seen.ToString(_mark, _seen.Length - _mark);

        public void Mark()
        {
            Collect();
            _mark = _seen.Length;
        }

        /// <summary>Waits until the host output since the mark contains <paramref name="text"/>, returns it.</summary>
        public string Until(string text)
        {
            StepUntil(() => Since().Contains(text), "\"" + Escape(text) + "\"");
            return Since();
        }

        /// <summary>Types a command line and returns what came up to <paramref name="final"/>.</summary>
        public string Command(string line, string final = "\r\nOK\r\n")
        {
            Mark();
            Host.Type(Encoding.Latin1.GetBytes(line + "\r"));
            return Until(final);
        }

        public void Set(string name, string value) => Command("AT#" + name + "=" + value);

        /// <summary>A caller without CLI rings once and hangs up (the module's NO CARRIER), as a call-back request does.</summary>
        public void RingOnceAndHangUp()
        {
            Mark();
            Assert.True(Module.Ring(Call(null, rings: 1)));
            Until("NO CARRIER\r\n");
        }

        public string VState() => Command("AT#VSTATE");

        public int AtaCount() { lock (Module.Received) return Module.Received.Count(l => l.Trim().ToUpperInvariant() == "ATA"); }

        public bool Sent(string line) { lock (Module.Received) return Module.Received.Any(l => l.Trim().Equals(line, StringComparison.OrdinalIgnoreCase)); }

        public static string Escape(string s) => s.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\x03", "<ETX>");
    }

    private static IncomingCallScript Call(string? number = Caller, int rings = 20, bool withheld = false) =>
        new() { Number = number, Withheld = withheld, Rings = rings, RingIntervalMs = 300 };

    // ------------------------------------------------------------------ ANSWERMODE 0: AT#ACCEPT

    [Fact]
    public void Mode0_RingAndClipAreRelayed_NothingAnswered_AcceptAnswersAsPppServer()
    {
        var rig = new Rig();
        rig.Set("PPPMODE", "1");
        rig.Set("PPPSERVUN", "\"boarduser\"");
        rig.Set("PPPSERVPW", "\"boardpw\"");
        rig.Set("PPPMYIP", "\"192.168.10.1\"");
        rig.Set("PPPPEERIP", "\"192.168.10.2\"");
        rig.Command("AT+CLIP=1");
        rig.Mark();
        Assert.True(rig.Module.Ring(Call()));
        rig.Until("RING\r\n");
        rig.Until("+CLIP: \"" + Caller + "\"");
        rig.StepFor(1000);
        Assert.Equal(0, rig.AtaCount());

        string answer = rig.Command("AT#ACCEPT", "OK_Info_Ppp\r\n");
        int ok = answer.IndexOf("\r\nOK\r\n", StringComparison.Ordinal);
        int connect = answer.IndexOf("\r\nCONNECT 9600\r\n", StringComparison.Ordinal);
        int ip = answer.IndexOf("192.168.10.1", StringComparison.Ordinal);
        Assert.True(ok >= 0 && connect > ok && ip > connect, Rig.Escape(answer));
        Assert.Equal(1, rig.AtaCount());
        IpLinkRequest? request = rig.Ppp.LastRequest;
        Assert.NotNull(request);
        Assert.True(request!.Server);
        Assert.Equal("boarduser", request.User);
        Assert.Equal("boardpw", request.Password);
        Assert.Equal(Ipv4("192.168.10.1"), request.ServerLocalAddress);
        Assert.Equal(Ipv4("192.168.10.2"), request.ServerPeerAddress);
        Assert.Contains("CONNECTED", rig.VState());
    }

    [Fact]
    public void Mode0_AcceptWithNothingRinging_NoCarrier()
    {
        var rig = new Rig();
        string answer = rig.Command("AT#ACCEPT", "NO CARRIER\r\n");
        Assert.Equal("\r\nNO CARRIER\r\n", answer);
        Assert.Equal(0, rig.AtaCount());
    }

    [Fact]
    public void Mode0_VoiceCall_Accept35869()
    {
        var rig = new Rig();
        rig.Command("AT+CRC=1");
        rig.Mark();
        Assert.True(rig.Module.Ring(new IncomingCallScript { Number = Caller, CallType = "VOICE", Rings = 20, RingIntervalMs = 300 }));
        rig.Until("+CRING: VOICE");
        string answer = rig.Command("AT#ACCEPT", "35869\r\n");
        Assert.Contains("#CME ERROR: 35869", answer);
        Assert.Equal(0, rig.AtaCount());
    }

    // ------------------------------------------------------------------ ANSWERMODE 1: automatic answer

    [Fact]
    public void Mode1_AnyCaller_AnsweredAfterRingCount()
    {
        var rig = new Rig();
        rig.ServerAddresses();
        rig.Set("ANSWERMODE", "1");
        rig.Set("CALLSCREENNUM", "\"*\"");
        rig.Set("RINGCOUNT", "3");
        rig.Set("PPPMODE", "1");
        Assert.True(rig.Module.Ring(Call(null)));
        rig.StepUntil(() => rig.AtaCount() > 0, "ATA");
        Assert.Equal(3, rig.Module.RingsSent); // read as ATA goes out: the rings the module had sent before the answer
        rig.Until("OK_Info_Ppp\r\n");
        Assert.True(rig.Ppp.LastRequest!.Server);
    }

    [Fact]
    public void Mode1_WithoutServerAddresses_Is37121AndNoPppStarts()
    {
        var rig = new Rig();
        rig.Set("ANSWERMODE", "1");
        rig.Set("CALLSCREENNUM", "\"*\"");
        rig.Set("RINGCOUNT", "1");
        rig.Set("PPPMODE", "1");
        Assert.True(rig.Module.Ring(Call(null)));
        rig.Until("#CME ERROR: 37121\r\n");
        Assert.Equal(0, rig.Ppp.Opens); // no session was offered 0.0.0.0
    }

    [Fact]
    public void Mode1_ScreenedNumber_ThatCallerAnswered()
    {
        var rig = new Rig();
        rig.ServerAddresses();
        rig.Set("ANSWERMODE", "1");
        rig.Set("CALLSCREENNUM", "\"" + Caller + "\"");
        rig.Set("RINGCOUNT", "1");
        rig.Command("AT+CLIP=1");
        rig.Mark();
        Assert.True(rig.Module.Ring(Call()));
        rig.Until("OK_Info_Ppp\r\n");
        Assert.Equal(1, rig.AtaCount());
    }

    [Fact]
    public void Mode1_ScreenedNumber_OtherCallerIgnored()
    {
        var rig = new Rig();
        rig.Set("ANSWERMODE", "1");
        rig.Set("CALLSCREENNUM", "\"" + Caller + "\"");
        rig.Set("RINGCOUNT", "1");
        rig.Command("AT+CLIP=1");
        Assert.True(rig.Module.Ring(Call("0699999999", rings: 3)));
        rig.StepUntil(() => !rig.Module.Ringing, "the caller giving up");
        rig.StepFor(500);
        Assert.Equal(0, rig.AtaCount());
        Assert.Contains("IDLE", rig.VState());
    }

    [Fact]
    public void Mode1_ScreenZero_NobodyAnswered()
    {
        var rig = new Rig();
        rig.Set("ANSWERMODE", "1");
        rig.Set("CALLSCREENNUM", "\"0\"");
        rig.Set("RINGCOUNT", "1");
        rig.Command("AT+CLIP=1");
        Assert.True(rig.Module.Ring(Call(rings: 3)));
        rig.StepUntil(() => !rig.Module.Ringing, "the caller giving up");
        rig.StepFor(500);
        Assert.Equal(0, rig.AtaCount());
    }

    [Fact]
    public void Mode1_NumberSetButCliWithheld_35870_NoAnswer()
    {
        var rig = new Rig();
        rig.Set("ANSWERMODE", "1");
        rig.Set("CALLSCREENNUM", "\"" + Caller + "\"");
        rig.Set("RINGCOUNT", "1");
        rig.Command("AT+CLIP=1");
        rig.Mark();
        Assert.True(rig.Module.Ring(Call(withheld: true, rings: 3)));
        rig.Until("#CME ERROR: 35870\r\n");
        rig.StepUntil(() => !rig.Module.Ringing, "the caller giving up");
        rig.StepFor(300);
        Assert.Equal(0, rig.AtaCount());
    }

    // ------------------------------------------------------------------ ANSWERMODE 2/3: call-back

    [Fact]
    public void Mode2_GsmCallBack_DialsDialN1AfterRingingAndTimer()
    {
        var rig = new Rig();
        rig.Set("ANSWERMODE", "2");
        rig.Set("CALLSCREENNUM", "\"*\"");
        rig.Set("RINGCOUNT", "1");
        rig.Set("CALLBACKTIMER", "4");
        rig.Set("GPRSMODE", "0");
        rig.Set("DIALN1", "\"0860922000\"");
        rig.Set("PPPMODE", "1");
        rig.Module.ScriptDial("0860922000", CallScript.Connect(speed: 9600));
        rig.Mark();
        Assert.True(rig.Module.Ring(Call(rings: 2)));
        rig.StepUntil(() => !rig.Module.Ringing, "the caller giving up");
        Assert.False(rig.Sent("ATD0860922000"), "dialled while ringing");
        string seen = rig.Until("OK_Info_Ppp\r\n");
        Assert.True(seen.IndexOf("DIALING", StringComparison.Ordinal) < seen.IndexOf("0860922000", StringComparison.Ordinal), Rig.Escape(seen));
        Assert.Contains("DIALING", seen);
        Assert.Equal(0, rig.AtaCount());
        Assert.False(rig.Ppp.LastRequest!.Server); // an outgoing call: the board is the PPP client (PPPMODE 1)
    }

    [Fact]
    public void Mode2_GprsCallBack_OpensThePacketCall()
    {
        var rig = new Rig();
        rig.Set("ANSWERMODE", "2");
        rig.Set("CALLSCREENNUM", "\"*\"");
        rig.Set("RINGCOUNT", "1");
        rig.Set("GPRSMODE", "1");
        rig.Set("APNSERV", "\"internet\"");
        rig.Mark();
        Assert.True(rig.Module.Ring(Call(rings: 2)));
        rig.Until("\r\n");
        rig.StepUntil(() => rig.Sent("ATD*99***1#"), "the packet dial");
        Assert.Equal(0, rig.AtaCount());
        rig.StepUntil(() => rig.Board.Link.State == NfAtip.Link.LinkState.Connected, "CONNECTED");
    }

    [Fact]
    public void Mode2_OneRingAndTheCallerHangsUpAtOnce_IsStillCalledBack()
    {
        // The usual call-back request: ring once, hang up. Without +CLIP the board waits ClipWaitMs after the
        // ring for a number; a caller gone before that still counts (the ringing ended with its one ring).
        var rig = new Rig(board => board.LinkTimings.ClipWaitMs = 5_000);
        rig.Set("ANSWERMODE", "2");
        rig.Set("CALLSCREENNUM", "\"*\"");
        rig.Set("GPRSMODE", "1");
        rig.Set("APNSERV", "\"internet\"");
        rig.RingOnceAndHangUp();
        rig.StepUntil(() => rig.Sent("ATD*99***1#"), "the packet dial");
        rig.StepUntil(() => rig.Board.Link.State == NfAtip.Link.LinkState.Connected, "CONNECTED");
    }

    [Fact]
    public void Mode1_ACallGoneBeforeItsDecision_IsNotAnswered()
    {
        var rig = new Rig(board => board.LinkTimings.ClipWaitMs = 5_000);
        rig.ServerAddresses();
        rig.Set("ANSWERMODE", "1");
        rig.Set("CALLSCREENNUM", "\"*\"");
        rig.Set("PPPMODE", "1");
        rig.RingOnceAndHangUp();
        rig.StepFor(500);
        Assert.Equal(0, rig.AtaCount());
        Assert.Contains("IDLE", rig.VState());
    }

    [Fact]
    public void Mode2_UnauthorizedCaller_TriggersNothing()
    {
        var rig = new Rig();
        rig.Set("ANSWERMODE", "2");
        rig.Set("CALLSCREENNUM", "\"" + Caller + "\"");
        rig.Set("RINGCOUNT", "1");
        rig.Set("GPRSMODE", "0");
        rig.Set("DIALN1", "\"0860922000\"");
        rig.Command("AT+CLIP=1");
        Assert.True(rig.Module.Ring(Call("0699999999", rings: 2)));
        rig.StepUntil(() => !rig.Module.Ringing, "the caller giving up");
        rig.StepFor(2500); // ring gap and CALLBACKTIMER (2 × 50 ms) are well past
        Assert.False(rig.Sent("ATD0860922000"));
        Assert.Equal(0, rig.AtaCount());
        Assert.Contains("IDLE", rig.VState());
    }

    [Fact]
    public void Mode3_DynamicCallBack_DialsTheCaller()
    {
        var rig = new Rig();
        rig.Set("ANSWERMODE", "3");
        rig.Set("CALLSCREENNUM", "\"*\"");
        rig.Set("RINGCOUNT", "1");
        rig.Set("DIALN1", "\"0860922000\"");
        rig.Command("AT+CLIP=1");
        rig.Module.ScriptDial(Caller, CallScript.Connect(speed: 9600));
        rig.Mark();
        Assert.True(rig.Module.Ring(Call(rings: 2)));
        string seen = rig.Until("OK_Info_Ppp\r\n");
        Assert.Contains("DIALING", seen);
        Assert.True(rig.Sent("ATD" + Caller), "the caller's number was not dialled");
        Assert.False(rig.Sent("ATD0860922000"));
    }

    // ------------------------------------------------------------------ registration

    [Fact]
    public void RegistrationLostWhileIdle_NoService_ThenBackToIdle()
    {
        var rig = new Rig(board =>
        {
            board.Radio.LivenessPollMs = 200;
            board.Radio.RegistrationPollMs = 200;
        });
        Assert.Contains("IDLE", rig.VState());
        rig.Module.LoseRegistration();
        rig.StepUntil(() => rig.Board.Link.NoService, "no service");
        Assert.Contains("#NO SERVICE", rig.VState());
        rig.Module.Register();
        rig.StepUntil(() => !rig.Board.Link.NoService, "service back");
        Assert.Contains("IDLE", rig.VState());
    }

    // ------------------------------------------------------------------ faults during a service

    [Fact]
    public void NoCarrierDuringTcpSession_SessionEndsWithItsCode_ThenNoCarrier_Idle_AndANewStartWorks()
    {
        using var echo = new EchoServer();
        using var rig = new LiveRig();
        rig.Command("AT#APNSERV=\"internet\"");
        rig.Command("AT#CONNECTIONSTART", "OK_Info_GprsActivation\r\n");
        rig.Command("AT#TCPSERV=\"127.0.0.1\"");
        rig.Command("AT#TCPPORT=\"" + echo.Port + "\"");
        rig.Command("AT#OTCP", "\r\nOK_Info_WaitingForData\r\n");
        rig.Mark();
        rig.Type("hello\r\n");
        rig.Until("hello\r\n");

        rig.Mark();
        Assert.True(rig.Module.DropCall());
        string seen = rig.Until("\r\nNO CARRIER\r\n");
        // Spec decisions L11 and T3: the session ends as a peer's close with a quiet host (DLEMODE 1: ETX first), then NO CARRIER.
        int closed = seen.IndexOf("\u0003\r\nOK_Info_SocketClosed\r\n\r\nOK\r\n", StringComparison.Ordinal);
        int noCarrier = seen.IndexOf("\r\nNO CARRIER\r\n", StringComparison.Ordinal);
        Assert.True(closed >= 0 && closed < noCarrier, Rig.Escape(seen));
        rig.VStateBecomes("IDLE"); // after the hang-up (L11: NO CARRIER, then the line is released)

        rig.Command("AT#CONNECTIONSTART", "OK_Info_GprsActivation\r\n");
        Assert.Contains("\"CONNECTED\"", rig.Command("AT#VSTATE"));
    }

    /// <summary>
    /// The brief asked for the RING to be relayed here; the board does not, by design: while the link is up
    /// the module's UART belongs to PPP (RadioDriver.Held: "during PPP nothing reads the UART lwIP owns"), as
    /// on a SIM800 whose rings in data mode only show on RI. What holds: the call is not answered, the
    /// session's stream carries nothing of it, the session goes on and the link stays CONNECTED.
    /// </summary>
    [Fact]
    public void CallDuringTcpSession_NotAnswered_SessionGoesOn_LinkStaysConnected()
    {
        using var echo = new EchoServer();
        var radio = new LockedRadio();
        using var rig = new LiveRig(radio, new HostIpLink());
        // Even with the automatic answer on, a call while the link is up is not answered.
        rig.Command("AT#ANSWERMODE=1");
        rig.Command("AT#CALLSCREENNUM=\"*\"");
        rig.Command("AT#CONNECTIONSTART", "OK_Info_GprsActivation\r\n");
        rig.Command("AT#TCPSERV=\"127.0.0.1\"");
        rig.Command("AT#TCPPORT=\"" + echo.Port + "\"");
        rig.Command("AT#OTCP", "\r\nOK_Info_WaitingForData\r\n");

        rig.Mark();
        radio.Unsolicited("\r\nRING\r\n\r\n+CLIP: \"" + Caller + "\",129\r\n");
        rig.Type("after the ring\r\n");
        Assert.Equal("after the ring\r\n", rig.Until("after the ring\r\n")); // only the peer's echo inside the session
        radio.Unsolicited("\r\nRING\r\n\r\n+CLIP: \"" + Caller + "\",129\r\n");
        rig.Type("second line\r\n");
        rig.Until("second line\r\n");
        rig.Type("\u0003");
        string seen = rig.Until("OK_Info_SocketClosed\r\n\r\nOK\r\n");
        Assert.DoesNotContain("RING", seen);
        Assert.Contains("\"CONNECTED\"", rig.Command("AT#VSTATE"));
        Assert.False(radio.Sent("ATA"), "the board answered a call during a service");
    }

    /// <summary>
    /// The virtual board on a thread of its own, for services whose data mode runs inside one board step
    /// (AT#OTCP bridges until the session ends): the test types and reads through a thread-safe host line.
    /// </summary>
    private sealed class LiveRig : IDisposable
    {
        public readonly LockedHostLine Host = new();
        private readonly SimulatedModule? _module;
        public readonly Board Board;
        private readonly Thread _thread;
        private int _mark;

        /// <summary>The simulated module (when no other radio was given).</summary>
        public SimulatedModule Module => _module ?? throw new InvalidOperationException("not on the simulated module");

        /// <param name="radio">Another radio line (default: a SimulatedModule with a SimulatedPppLink).</param>
        /// <param name="ip">The IP link that goes with <paramref name="radio"/>.</param>
        public LiveRig(ISerialLine? radio = null, IIpLink? ip = null)
        {
            if (radio == null)
            {
                _module = new SimulatedModule();
                _module.State.GuardTimeMs = 40;
                radio = _module;
                ip = new SimulatedPppLink(_module);
            }
            Board = new Board(new BoardPlatform(Host, radio, new RamFlash(4096, 8), new SystemClock(), new HostNetwork(), ip!), TestBoard.Identity);
            Board.LinkTimings.EscapeGuardMs = 50;
            Board.LinkTimings.EscapeAnswerMs = 200;
            Board.LinkTimings.SecondMs = 50;
            _thread = new Thread(() =>
            {
                Board.Start();
                while (Board.Step(20)) { }
            }) { IsBackground = true, Name = "virtual board" };
            _thread.Start();
            // The driver's start-up: AT#VSTATE shows IDLE without #NO SERVICE once the module is registered.
            var clock = Stopwatch.StartNew();
            while (Board.Radio.State != RadioState.Ready)
            {
                Assert.True(clock.ElapsedMilliseconds < Bound, "module not ready");
                Thread.Sleep(5);
            }
            Command("ATE0");
        }

        public void Type(string text) => Host.Type(text);

        public void Mark() => _mark = Host.Text.Length;

        public string Until(string text)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                string all = Host.Text;
                string since = all.Substring(_mark);
                if (since.Contains(text)) return since;
                Assert.True(clock.ElapsedMilliseconds < Bound, "waited for \"" + Rig.Escape(text) + "\"; host saw: " + Rig.Escape(since));
                Host.WaitForOutput(200);
            }
        }

        public string Command(string line, string final = "\r\nOK\r\n")
        {
            Mark();
            Type(line + "\r");
            return Until(final);
        }

        /// <summary>Asks AT#VSTATE until it shows <paramref name="state"/>; fails after the bound.</summary>
        public void VStateBecomes(string state)
        {
            var clock = Stopwatch.StartNew();
            string last;
            while (!(last = Command("AT#VSTATE")).Contains("\"" + state + "\""))
            {
                Assert.True(clock.ElapsedMilliseconds < Bound, "VSTATE never " + state + "; last: " + Rig.Escape(last));
                Thread.Sleep(20);
            }
        }

        public void Dispose()
        {
            Host.Close();
            _thread.Join(Bound);
        }
    }

    /// <summary>
    /// A scripted module both threads may use: registered, the packet call answers CONNECT, "OK" to anything
    /// else, and the test raises URCs at any time. Why not the SimulatedModule: in a packet call it holds every
    /// URC until command mode (as a module in PPP data mode does), so a ring could not reach the board there.
    /// </summary>
    private sealed class LockedRadio : ISerialLine
    {
        private readonly Queue<byte> _toBoard = new();
        private readonly List<byte> _partial = new();
        private readonly List<string> _received = new();
        private readonly object _gate = new();

        private static string Answer(string line) => line.ToUpperInvariant() switch
        {
            "AT+CPIN?" => "\r\n+CPIN: READY\r\n\r\nOK\r\n",
            "AT+CREG?" => "\r\n+CREG: 0,1\r\n\r\nOK\r\n",
            "AT+CGREG?" => "\r\n+CGREG: 0,1\r\n\r\nOK\r\n",
            "ATD*99***1#" => "\r\nCONNECT\r\n",
            _ => "\r\nOK\r\n",
        };

        public bool Sent(string line) { lock (_gate) return _received.Any(l => l.Equals(line, StringComparison.OrdinalIgnoreCase)); }

        public void Unsolicited(string text)
        {
            lock (_gate) foreach (byte b in Encoding.ASCII.GetBytes(text)) _toBoard.Enqueue(b);
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            lock (_gate)
            {
                if (_toBoard.Count == 0 && timeoutMs > 0) Monitor.Wait(_gate, Math.Min(timeoutMs, 5));
                int n = 0;
                while (n < count && _toBoard.Count > 0) buffer[offset + n++] = _toBoard.Dequeue();
                return n;
            }
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                for (int i = offset; i < offset + count; i++)
                {
                    if (buffer[i] != 13)
                    {
                        _partial.Add(buffer[i]);
                        continue;
                    }
                    string line = Encoding.Latin1.GetString(_partial.ToArray());
                    _partial.Clear();
                    _received.Add(line);
                    if (!line.StartsWith("AT", StringComparison.OrdinalIgnoreCase)) continue;
                    foreach (byte b in Encoding.ASCII.GetBytes(Answer(line))) _toBoard.Enqueue(b);
                }
            }
        }

        public void Configure(int baudRate, bool hardwareFlowControl) { }
    }

    /// <summary>A host line both threads may use: the test types and reads, the board reads and writes.</summary>
    private sealed class LockedHostLine : ISerialLine
    {
        private readonly Queue<byte> _toBoard = new();
        private readonly StringBuilder _fromBoard = new();
        private readonly object _gate = new();
        private bool _closed;

        public string Text { get { lock (_gate) return _fromBoard.ToString(); } }

        public void Type(string text)
        {
            lock (_gate)
            {
                foreach (byte b in Encoding.Latin1.GetBytes(text)) _toBoard.Enqueue(b);
                Monitor.PulseAll(_gate);
            }
        }

        public void Close()
        {
            lock (_gate)
            {
                _closed = true;
                Monitor.PulseAll(_gate);
            }
        }

        public void WaitForOutput(int ms)
        {
            lock (_gate) Monitor.Wait(_gate, ms);
        }

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            lock (_gate)
            {
                if (_toBoard.Count == 0 && !_closed && timeoutMs > 0) Monitor.Wait(_gate, timeoutMs);
                if (_toBoard.Count == 0) return _closed ? -1 : 0;
                int n = 0;
                while (n < count && _toBoard.Count > 0) buffer[offset + n++] = _toBoard.Dequeue();
                return n;
            }
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                _fromBoard.Append(Encoding.Latin1.GetString(buffer, offset, count));
                Monitor.PulseAll(_gate);
            }
        }

        public void Configure(int baudRate, bool hardwareFlowControl) { }
    }

    /// <summary>A loopback TCP echo server (one thread per connection) for the board's AT#OTCP sessions.</summary>
    private sealed class EchoServer : IDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);

        public EchoServer()
        {
            _listener.Start();
            Port = ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;
            new Thread(Accept) { IsBackground = true, Name = "echo accept" }.Start();
        }

        public int Port { get; }

        private void Accept()
        {
            try
            {
                while (true)
                {
                    var client = _listener.AcceptTcpClient();
                    new Thread(() => Echo(client)) { IsBackground = true, Name = "echo" }.Start();
                }
            }
            catch (System.Net.Sockets.SocketException) { } // stopped
            catch (ObjectDisposedException) { }
        }

        private static void Echo(System.Net.Sockets.TcpClient client)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    var buffer = new byte[4096];
                    int n;
                    while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) stream.Write(buffer, 0, n);
                }
                catch (IOException) { }
            }
        }

        public void Dispose() => _listener.Stop();
    }

    private static uint Ipv4(string text)
    {
        var b = System.Net.IPAddress.Parse(text).GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }
}
