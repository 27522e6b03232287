using System.Net;
using System.Net.Sockets;
using System.Text;
using NfAtip.ModemSim;
using Xunit;

namespace NfAtip.Host.Tests;

/// <summary>
/// The scriptable module driven through ISerialLine Read/Write exactly as the board drives it: SIM and
/// registration states, data calls and their outcomes, data mode (TCP bridge, in-process remote, PPP hook),
/// +++ / ATO / ATH / DTR, GPRS, incoming calls and faults. Waits are generous bounds, not timing assertions.
/// </summary>
public class SimulatedModuleScenarioTests
{
    private const int Bound = 20000;

    /// <summary>The board's end of the radio line: writes commands, accumulates what the module answers.</summary>
    private sealed class Board
    {
        private readonly List<byte> _pending = new();

        public Board(SimulatedModule module, bool echoOff = true)
        {
            Module = module;
            if (echoOff)
            {
                Send("ATE0\r");
                Assert.Equal("ATE0\r\r\nOK\r\n", ReadUntil("\r\nOK\r\n"));
            }
        }

        public SimulatedModule Module { get; }

        public void Send(string text) => Write(Encoding.Latin1.GetBytes(text));

        public void Write(byte[] bytes) => Module.Write(bytes, 0, bytes.Length);

        /// <summary>Sends a command line and returns the answer up to and including <paramref name="final"/>.</summary>
        public string Command(string line, string final = "\r\nOK\r\n")
        {
            Send(line + "\r");
            return ReadUntil(final);
        }

        /// <summary>Reads until the input holds <paramref name="expected"/>; returns everything up to and including it.</summary>
        public string ReadUntil(string expected, int timeoutMs = Bound)
        {
            var want = Encoding.Latin1.GetBytes(expected);
            long deadline = Environment.TickCount64 + timeoutMs;
            var buffer = new byte[4096];
            while (true)
            {
                int at = IndexOf(_pending, want);
                if (at >= 0)
                {
                    var got = _pending.GetRange(0, at + want.Length).ToArray();
                    _pending.RemoveRange(0, at + want.Length);
                    return Encoding.Latin1.GetString(got);
                }
                int left = (int)(deadline - Environment.TickCount64);
                if (left <= 0) throw new TimeoutException("waited for " + Show(expected) + ", got " + Show(Encoding.Latin1.GetString(_pending.ToArray())));
                int n = Module.Read(buffer, 0, buffer.Length, Math.Min(left, 200));
                for (int i = 0; i < n; i++) _pending.Add(buffer[i]);
            }
        }

        /// <summary>Asserts the next input is exactly <paramref name="expected"/>.</summary>
        public void Expect(string expected, int timeoutMs = Bound) => Assert.Equal(expected, ReadUntil(expected, timeoutMs));

        public byte[] ReadBytes(int count, int timeoutMs = Bound)
        {
            long deadline = Environment.TickCount64 + timeoutMs;
            var buffer = new byte[65536];
            while (_pending.Count < count)
            {
                int left = (int)(deadline - Environment.TickCount64);
                if (left <= 0) throw new TimeoutException("got " + _pending.Count + " of " + count + " bytes");
                int n = Module.Read(buffer, 0, buffer.Length, Math.Min(left, 200));
                for (int i = 0; i < n; i++) _pending.Add(buffer[i]);
            }
            var got = _pending.GetRange(0, count).ToArray();
            _pending.RemoveRange(0, count);
            return got;
        }

        /// <summary>Everything readable right now (no wait).</summary>
        public string Drain()
        {
            var buffer = new byte[4096];
            int n;
            while ((n = Module.Read(buffer, 0, buffer.Length, 0)) > 0)
                for (int i = 0; i < n; i++) _pending.Add(buffer[i]);
            var s = Encoding.Latin1.GetString(_pending.ToArray());
            _pending.Clear();
            return s;
        }

        /// <summary>Waits up to <paramref name="ms"/> and returns what arrived (for "nothing comes" checks).</summary>
        public string Quiet(int ms)
        {
            Thread.Sleep(ms);
            return Drain();
        }

        /// <summary>The escape: guard-time silence, "+++", guard-time silence, OK. Returns data bytes that came before OK.</summary>
        public string Escape()
        {
            Thread.Sleep(Module.State.GuardTimeMs + 100);
            Send("+++");
            string got = ReadUntil("\r\nOK\r\n");
            return got.Substring(0, got.Length - 6);
        }

        private static int IndexOf(List<byte> hay, byte[] needle)
        {
            for (int i = 0; i + needle.Length <= hay.Count; i++)
            {
                int j = 0;
                while (j < needle.Length && hay[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }
            return -1;
        }

        private static string Show(string s) => "\"" + s.Replace("\r", "\\r").Replace("\n", "\\n") + "\"";
    }

    private static bool WaitUntil(Func<bool> condition, int timeoutMs = Bound)
    {
        long deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline) return false;
            Thread.Sleep(10);
        }
        return true;
    }

    /// <summary>A loopback TCP echo server; counts connections and reports when its peer closed.</summary>
    private sealed class EchoServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        public readonly ManualResetEventSlim PeerClosed = new();
        public readonly ManualResetEventSlim Accepted = new();
        private TcpClient? _client;

        public EchoServer(bool closeAfterAccept = false)
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            var t = new Thread(() =>
            {
                try
                {
                    _client = _listener.AcceptTcpClient();
                    Accepted.Set();
                    var stream = _client.GetStream();
                    if (closeAfterAccept)
                    {
                        Thread.Sleep(200);
                        _client.Close();
                        return;
                    }
                    var buffer = new byte[8192];
                    int n;
                    while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) stream.Write(buffer, 0, n);
                    PeerClosed.Set();
                }
                catch (Exception)
                {
                    PeerClosed.Set();
                }
            }) { IsBackground = true };
            t.Start();
        }

        public int Port { get; }

        public void Dispose()
        {
            _listener.Stop();
            _client?.Dispose();
        }
    }

    private static SimulatedModule Fast() => new(new ModuleState { GuardTimeMs = 300 });

    // ================================================================== SIM, registration, signal

    [Fact]
    public void Sim_not_inserted_answers_cme_10_everywhere_it_matters()
    {
        var b = new Board(new SimulatedModule(new ModuleState { SimInserted = false }));
        b.Command("AT+CMEE=1");
        Assert.Equal("\r\n+CME ERROR: 10\r\n", b.Command("AT+CPIN?", "\r\n+CME ERROR: 10\r\n"));
        Assert.Equal("\r\n+CREG: 0,0\r\n\r\nOK\r\n", b.Command("AT+CREG?"));
        Assert.Equal("\r\n+CME ERROR: 10\r\n", b.Command("AT+CGATT=1", "\r\n+CME ERROR: 10\r\n"));
        b.Command("AT+CMEE=2");
        Assert.Equal("\r\n+CME ERROR: SIM not inserted\r\n", b.Command("AT+COPS?", "\r\n+CME ERROR: SIM not inserted\r\n"));
    }

    [Fact]
    public void Three_wrong_pins_block_the_sim_until_the_puk_and_a_new_pin()
    {
        var b = new Board(new SimulatedModule(new ModuleState { PinRequired = true, Pin = "0000" }));
        b.Command("AT+CMEE=1");
        b.Command("AT+CREG=1", "\r\n+CREG: 0\r\n");
        for (int i = 0; i < 3; i++) Assert.Equal("\r\n+CME ERROR: 16\r\n", b.Command("AT+CPIN=\"9999\"", "\r\n+CME ERROR: 16\r\n"));
        Assert.Equal("\r\n+CPIN: SIM PUK\r\n\r\nOK\r\n", b.Command("AT+CPIN?"));
        Assert.Equal("\r\n+CME ERROR: 12\r\n", b.Command("AT+CGATT=1", "\r\n+CME ERROR: 12\r\n"));
        Assert.Equal("\r\n+CME ERROR: 16\r\n", b.Command("AT+CPIN=\"0000\"", "\r\n+CME ERROR: 16\r\n")); // a PIN is not a PUK
        Assert.Equal("\r\nOK\r\n\r\n+CREG: 1\r\n", b.Command("AT+CPIN=\"12345678\",\"4321\"", "\r\n+CREG: 1\r\n"));
        Assert.Equal("\r\n+CPIN: READY\r\n\r\nOK\r\n", b.Command("AT+CPIN?"));
        Assert.Equal("4321", b.Module.State.Pin);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Every_registration_state_shows_in_creg_read_and_urc_formats(int stat)
    {
        var b = new Board(new SimulatedModule(new ModuleState { NetworkStatus = 0 }));
        b.Command("AT+CREG=2", "\r\n+CREG: 0\r\n");
        b.Module.Update(s => s.NetworkStatus = stat);
        string cell = stat == 1 || stat == 5 ? ",\"1A2B\",\"3C4D\"" : "";
        Assert.Equal(stat == 0 ? "" : "\r\n+CREG: " + stat + cell + "\r\n", b.Drain());
        Assert.Equal("\r\n+CREG: 2," + stat + cell + "\r\n\r\nOK\r\n", b.Command("AT+CREG?"));
        b.Command("AT+CREG=1", "\r\n+CREG: " + stat + "\r\n");
        Assert.Equal("\r\n+CREG: 1," + stat + "\r\n\r\nOK\r\n", b.Command("AT+CREG?"));
        b.Command("AT+CREG=0");
        Assert.Equal("\r\n+CREG: 0," + stat + "\r\n\r\nOK\r\n", b.Command("AT+CREG?"));
    }

    [Fact]
    public void Registration_lost_and_regained_is_reported_for_gsm_and_gprs()
    {
        var b = new Board(new SimulatedModule());
        b.Command("AT+CREG=1", "\r\n+CREG: 1\r\n");
        b.Command("AT+CGREG=1", "\r\n+CGREG: 0\r\n");
        b.Command("AT+CGATT=1");
        b.Module.LoseRegistration();
        Assert.Equal("\r\n+CREG: 2\r\n\r\n+CGREG: 0\r\n", b.Drain());
        Assert.Equal("\r\n+COPS: 0\r\n\r\nOK\r\n", b.Command("AT+COPS?"));
        b.Module.LoseRegistration(0);
        Assert.Equal("\r\n+CREG: 0\r\n", b.Drain());
        b.Module.Register(5);
        Assert.Equal("\r\n+CREG: 5\r\n\r\n+CGREG: 5\r\n", b.Drain());
    }

    [Fact]
    public void An_lte_module_reports_its_registration_with_cereg_and_a_2g_one_has_no_cereg()
    {
        var lte = new Board(new SimulatedModule(ModuleState.Playing("SIM7080")!));
        Assert.Equal("\r\nSIMCOM_SIM7080G\r\n\r\nOK\r\n", lte.Command("AT+CGMM"));
        Assert.Equal("\r\n+CEREG: 0,1\r\n\r\nOK\r\n", lte.Command("AT+CEREG?"));
        Assert.Equal("\r\n+CGREG: 0,0\r\n\r\nOK\r\n", lte.Command("AT+CGREG?")); // no GPRS on LTE-M
        Assert.Equal("\r\n+CREG: 0,0\r\n\r\nOK\r\n", lte.Command("AT+CREG?"));   // no circuit-switched domain
        Assert.Equal("\r\n+CGATT: 1\r\n\r\nOK\r\n", lte.Command("AT+CGATT?")); // the EPS attach came with the registration
        lte.Command("AT+CEREG=1", "\r\n+CEREG: 1\r\n");
        lte.Module.LoseRegistration();
        Assert.Equal("\r\n+CEREG: 2\r\n", lte.Drain());
        lte.Module.Register(5);
        Assert.Equal("\r\n+CEREG: 5\r\n", lte.Drain());

        var cat1 = new Board(new SimulatedModule(ModuleState.Playing("SIM7600")!));
        Assert.Equal("\r\n+CREG: 0,1\r\n\r\nOK\r\n", cat1.Command("AT+CREG?")); // Cat-1 keeps a circuit-switched domain

        var sim800 = new Board(new SimulatedModule());
        Assert.Equal("\r\nERROR\r\n", sim800.Command("AT+CEREG?", "\r\nERROR\r\n"));
        Assert.Null(ModuleState.Playing("SARA-R4"));
    }

    [Fact]
    public void Signal_and_operator_follow_the_script()
    {
        var b = new Board(new SimulatedModule());
        b.Module.Update(s =>
        {
            s.Rssi = 7;
            s.Ber = 99;
            s.Operator = "Orange F";
        });
        Assert.Equal("\r\n+CSQ: 7,99\r\n\r\nOK\r\n", b.Command("AT+CSQ"));
        Assert.Equal("\r\n+COPS: 0,0,\"Orange F\"\r\n\r\nOK\r\n", b.Command("AT+COPS?"));
    }

    // ================================================================== outgoing data calls

    [Theory]
    [InlineData("busy", "BUSY")]
    [InlineData("noanswer", "NO ANSWER")]
    [InlineData("nocarrier", "NO CARRIER")]
    [InlineData("nodialtone", "NO DIALTONE")]
    [InlineData("error", "ERROR")]
    public void Dial_outcomes_come_after_the_scripted_delay(string kind, string result)
    {
        var m = Fast();
        var script = kind switch
        {
            "busy" => CallScript.Busy(800),
            "noanswer" => CallScript.NoAnswer(800),
            "nocarrier" => CallScript.NoCarrier(800),
            "nodialtone" => CallScript.NoDialtone(800),
            _ => CallScript.Error(800),
        };
        m.ScriptDial("0123456789", script);
        var b = new Board(m);
        b.Send("ATD0123456789\r\n"); // the LF after CR does not abort the dial
        Assert.Equal("", b.Drain());
        Assert.Equal(CallMode.Connecting, m.Mode);
        b.Expect("\r\n" + result + "\r\n");
        Assert.Equal(CallMode.Command, m.Mode);
        Assert.Equal("\r\nOK\r\n", b.Command("AT"));
    }

    [Fact]
    public void Dial_scripts_per_number_and_globally_and_without_network()
    {
        var m = Fast();
        m.ScriptDial("T 555 1000", CallScript.Busy());
        var b = new Board(m);
        Assert.Equal("\r\nBUSY\r\n", b.Command("ATDT5551000", "\r\nBUSY\r\n"));
        Assert.Equal("\r\nNO CARRIER\r\n", b.Command("ATD5552000", "\r\nNO CARRIER\r\n")); // default
        m.DefaultCall = CallScript.NoAnswer();
        Assert.Equal("\r\nNO ANSWER\r\n", b.Command("ATD5552000", "\r\nNO ANSWER\r\n"));
        Assert.Equal("\r\nERROR\r\n", b.Command("ATD5552000;", "\r\nERROR\r\n")); // voice: not modelled
        m.LoseRegistration();
        Assert.Equal("\r\nNO CARRIER\r\n", b.Command("ATD5551000", "\r\nNO CARRIER\r\n"));
    }

    [Fact]
    public void A_character_during_the_dial_aborts_it_with_no_carrier()
    {
        var m = Fast();
        m.ScriptDial("1", CallScript.Connect(delayMs: 60000));
        var b = new Board(m);
        b.Send("ATD1\r");
        Assert.Equal(CallMode.Connecting, m.Mode);
        b.Send("x");
        b.Expect("\r\nNO CARRIER\r\n");
        Assert.Equal(CallMode.Command, m.Mode);
    }

    [Fact]
    public void Data_call_bridged_to_a_tcp_echo_server_is_byte_exact_with_escape_ato_and_ath()
    {
        using var server = new EchoServer();
        var m = Fast();
        m.ScriptDialToTcp("0299001122", "127.0.0.1", server.Port, speed: 9600, delayMs: 50);
        var b = new Board(m);
        Assert.Equal("\r\nCONNECT 9600\r\n", b.Command("ATD0299001122", "\r\nCONNECT 9600\r\n"));
        Assert.Equal(CallMode.Data, m.Mode);

        // every byte value, CR/LF and '+' included, in chunks: back byte-exact
        var data = new byte[100_000];
        new Random(42).NextBytes(data);
        for (int i = 0; i < 256; i++) data[i] = (byte)i;
        for (int off = 0; off < data.Length; off += 7000) b.Write(data.AsSpan(off, Math.Min(7000, data.Length - off)).ToArray());
        Assert.Equal(data, b.ReadBytes(data.Length));

        // +++ (forwarded like a Hayes modem, so it may come back before OK) → online command mode
        string before = b.Escape();
        Assert.Equal(CallMode.OnlineCommand, m.Mode);
        Assert.Equal("\r\n+CSQ: 20,0\r\n\r\nOK\r\n", b.Command("AT+CSQ"));
        Assert.Equal("\r\nCONNECT 9600\r\n", b.Command("ATO", "\r\nCONNECT 9600\r\n"));
        // echoed "+++" bytes that arrived after the escape were held for ATO
        Assert.Equal("+++", before + Encoding.Latin1.GetString(b.ReadBytes(3 - before.Length)));
        Assert.Equal(CallMode.Data, m.Mode);

        b.Send("after ATO\r\n");
        Assert.Equal("after ATO\r\n", Encoding.Latin1.GetString(b.ReadBytes(11)));

        string before2 = b.Escape();
        Assert.Equal("\r\nOK\r\n", b.Command("ATH"));
        Assert.StartsWith(before2, "+++"); // what was still held at ATH is dropped with the call
        Assert.Equal(CallMode.Command, m.Mode);
        Assert.True(server.PeerClosed.Wait(Bound));
        Assert.Equal("\r\nNO CARRIER\r\n", b.Command("ATO", "\r\nNO CARRIER\r\n"));
    }

    [Fact]
    public void Plus_signs_inside_data_are_not_an_escape()
    {
        var remote = new PipeRemote();
        var m = Fast();
        m.ScriptDial("1", CallScript.Connect(remote: () => remote));
        var b = new Board(m);
        b.Command("ATD1", "\r\nCONNECT 9600\r\n");
        b.Send("a+++");          // no guard time before
        Thread.Sleep(500);
        b.Send("++++");          // four of them
        Thread.Sleep(500);
        Assert.Equal(CallMode.Data, m.Mode);
        Assert.Equal("", b.Drain());
        Assert.True(remote.WaitFor(8, Bound));
        Assert.Equal("a+++++++", Encoding.Latin1.GetString(remote.Received));
    }

    [Fact]
    public void Server_closing_the_tcp_connection_ends_the_call_with_no_carrier()
    {
        using var server = new EchoServer(closeAfterAccept: true);
        var m = Fast();
        m.ScriptDialToTcp("7", "127.0.0.1", server.Port);
        var b = new Board(m);
        b.Command("ATD7", "\r\nCONNECT 9600\r\n");
        b.Expect("\r\nNO CARRIER\r\n");
        Assert.Equal(CallMode.Command, m.Mode);
    }

    [Fact]
    public void Unreachable_tcp_address_fails_the_dial_with_no_carrier()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var m = Fast();
        m.ScriptDialToTcp("8", "127.0.0.1", port);
        var b = new Board(m);
        Assert.Equal("\r\nNO CARRIER\r\n", b.Command("ATD8", "\r\nNO CARRIER\r\n"));
    }

    [Fact]
    public void In_process_remote_exchanges_bytes_and_a_line_drop_leaves_data_mode()
    {
        var remote = new PipeRemote();
        var m = Fast();
        m.ScriptDial("42", CallScript.Connect(speed: 14400, remote: () => remote));
        var b = new Board(m);
        b.Command("ATD42", "\r\nCONNECT 14400\r\n");
        b.Send("hello\r");
        Assert.True(remote.WaitFor(6, Bound));
        Assert.Equal("hello\r", Encoding.Latin1.GetString(remote.Received));
        remote.SendToBoard(Encoding.Latin1.GetBytes("OK\r\nworld"));
        Assert.Equal("OK\r\nworld", Encoding.Latin1.GetString(b.ReadBytes(9)));

        Assert.True(m.DropCall());
        b.Expect("\r\nNO CARRIER\r\n");
        Assert.Equal(CallMode.Command, m.Mode);
        Assert.True(WaitUntil(() => remote.Closed));
        Assert.Equal("\r\nOK\r\n", b.Command("AT")); // commands again
        Assert.False(m.DropCall());
    }

    [Fact]
    public void Remote_data_in_online_command_mode_waits_for_ato()
    {
        var remote = new PipeRemote();
        var m = Fast();
        m.ScriptDial("1", CallScript.Connect(remote: () => remote));
        var b = new Board(m);
        b.Command("ATD1", "\r\nCONNECT 9600\r\n");
        Assert.Equal("", b.Escape());
        remote.SendToBoard(new byte[] { 1, 2, 3 });
        Assert.Equal("\r\nOK\r\n", b.Command("AT"));
        b.Command("ATO", "\r\nCONNECT 9600\r\n");
        Assert.Equal(new byte[] { 1, 2, 3 }, b.ReadBytes(3));
    }

    [Fact]
    public void Remote_hang_up_ends_the_call_and_held_urcs_follow()
    {
        var remote = new PipeRemote();
        var m = Fast();
        m.ScriptDial("1", CallScript.Connect(remote: () => remote));
        var b = new Board(m);
        b.Command("AT+CREG=1", "\r\n+CREG: 1\r\n");
        b.Command("ATD1", "\r\nCONNECT 9600\r\n");
        m.Update(s => s.NetworkStatus = 5); // roaming: still registered, the URC waits for command mode
        m.InjectUrc("+CMTI: \"SM\",1");
        Assert.Equal("", b.Quiet(100));
        remote.HangUp();
        b.Expect("\r\nNO CARRIER\r\n\r\n+CREG: 5\r\n\r\n+CMTI: \"SM\",1\r\n");
    }

    [Fact]
    public void Dtr_drop_follows_at_and_d()
    {
        var remote = new PipeRemote();
        var m = Fast();
        m.ScriptDial("1", CallScript.Connect(remote: () => remote));
        var b = new Board(m);

        b.Command("AT&D0");
        b.Command("ATD1", "\r\nCONNECT 9600\r\n");
        m.SetDtr(false);
        m.SetDtr(true);
        Assert.Equal(CallMode.Data, m.Mode);

        b.Escape();
        b.Command("AT&D1");
        b.Command("ATO", "\r\nCONNECT 9600\r\n");
        m.SetDtr(false);
        b.Expect("\r\nOK\r\n");
        Assert.Equal(CallMode.OnlineCommand, m.Mode);
        m.SetDtr(true);
        b.Command("AT&D2");
        b.Command("ATO", "\r\nCONNECT 9600\r\n");
        m.SetDtr(false);
        b.Expect("\r\nOK\r\n");
        Assert.Equal(CallMode.Command, m.Mode);
        Assert.True(WaitUntil(() => remote.Closed));
    }

    [Fact]
    public void Registration_lost_during_a_data_call_drops_it()
    {
        var m = Fast();
        m.ScriptDial("1", CallScript.Connect());
        var b = new Board(m);
        b.Command("AT+CREG=1", "\r\n+CREG: 1\r\n");
        b.Command("ATD1", "\r\nCONNECT 9600\r\n");
        m.LoseRegistration(0);
        b.Expect("\r\nNO CARRIER\r\n\r\n+CREG: 0\r\n");
        Assert.Equal(CallMode.Command, m.Mode);
    }

    // ================================================================== GPRS

    [Fact]
    public void Pdp_contexts_are_defined_read_and_undefined()
    {
        var b = new Board(new SimulatedModule());
        Assert.Equal("\r\n+CGDCONT: (1-3),\"IP\",,,(0-2),(0-4)\r\n\r\nOK\r\n", b.Command("AT+CGDCONT=?"));
        b.Command("AT+CGDCONT=1,\"IP\",\"internet\"");
        b.Command("AT+CGDCONT=2,\"IP\",\"mms\"");
        Assert.Equal("\r\n+CGDCONT: 1,\"IP\",\"internet\",\"0.0.0.0\",0,0\r\n\r\n+CGDCONT: 2,\"IP\",\"mms\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n",
            b.Command("AT+CGDCONT?"));
        b.Command("AT+CGDCONT=2");
        Assert.Equal("\r\n+CGDCONT: 1,\"IP\",\"internet\",\"0.0.0.0\",0,0\r\n\r\nOK\r\n", b.Command("AT+CGDCONT?"));
        Assert.Equal("\r\nERROR\r\n", b.Command("AT+CGDCONT=9,\"IP\",\"x\"", "\r\nERROR\r\n"));
        Assert.Equal("\r\nERROR\r\n", b.Command("AT+CGDCONT=1,\"X25\",\"x\"", "\r\nERROR\r\n"));
    }

    [Fact]
    public void Attach_reject_and_apn_check_give_cme_errors()
    {
        var m = new SimulatedModule(new ModuleState { AttachRejectCode = 148, ExpectedApn = "internet" });
        var b = new Board(m);
        b.Command("AT+CMEE=1");
        Assert.Equal("\r\n+CME ERROR: 148\r\n", b.Command("AT+CGATT=1", "\r\n+CME ERROR: 148\r\n"));
        Assert.Equal("\r\n+CGATT: 0\r\n\r\nOK\r\n", b.Command("AT+CGATT?"));
        m.Update(s => s.AttachRejectCode = null);
        Assert.Equal("\r\nOK\r\n", b.Command("AT+CGATT=1"));

        b.Command("AT+CGDCONT=1,\"IP\",\"wrong.apn\"");
        Assert.Equal("\r\n+CME ERROR: 533\r\n", b.Command("AT+CGACT=1,1", "\r\n+CME ERROR: 533\r\n"));
        Assert.Equal("\r\n+CME ERROR: 3\r\n", b.Command("AT+CGACT=1,3", "\r\n+CME ERROR: 3\r\n"));
        b.Command("AT+CGDCONT=1,\"IP\",\"INTERNET\"");
        Assert.Equal("\r\nOK\r\n", b.Command("AT+CGACT=1,1"));
        Assert.Equal("\r\n+CGACT: 1,1\r\n\r\nOK\r\n", b.Command("AT+CGACT?"));
        b.Command("AT+CGACT=0,1");
        Assert.Equal("\r\n+CGACT: 1,0\r\n\r\nOK\r\n", b.Command("AT+CGACT?"));

        m.LoseRegistration();
        Assert.Equal("\r\n+CME ERROR: 30\r\n", b.Command("AT+CGATT=1", "\r\n+CME ERROR: 30\r\n"));
    }

    private sealed class RecordingNetworkSide : IPppNetworkSide
    {
        public PacketSession? Session;
        public readonly PipeRemote Pipe = new();
        public void Activate(PacketSession session) => Session = session;
        public void Open(IDataLink link) => ((IDataRemote)Pipe).Open(link);
        public void Send(byte[] data) => ((IDataRemote)Pipe).Send(data);
        public void Close() => ((IDataRemote)Pipe).Close();
    }

    [Fact]
    public void Packet_dial_connects_to_the_ppp_network_side_hook()
    {
        var m = new SimulatedModule(new ModuleState { ExpectedApn = "internet" });
        var side = new RecordingNetworkSide();
        m.NetworkSide = _ => side;
        var b = new Board(m);
        b.Command("AT+CGREG=1", "\r\n+CGREG: 0\r\n");
        b.Command("AT+CGDCONT=2,\"IP\",\"internet\"");
        // the implicit attach reports +CGREG before CONNECT
        b.Send("ATD*99***2#\r");
        b.Expect("\r\n+CGREG: 2\r\n\r\n+CGREG: 1\r\n\r\nCONNECT\r\n");
        Assert.Equal(new PacketSession(2, "internet"), side.Session);
        var lcp = new byte[] { 0x7E, 0xFF, 0x7D, 0x23, 0xC0, 0x21, 0x7E };
        b.Write(lcp);
        Assert.True(side.Pipe.WaitFor(lcp.Length, Bound));
        Assert.Equal(lcp, side.Pipe.Received);
        side.Pipe.SendToBoard(lcp);
        Assert.Equal(lcp, b.ReadBytes(lcp.Length));
        Assert.Equal(new[] { 2 }, m.State.ActiveContexts.ToArray());
        b.Escape();
        b.Command("ATH");
        Assert.Empty(m.State.ActiveContexts);
        Assert.True(WaitUntil(() => side.Pipe.Closed));
    }

    [Fact]
    public void Packet_dial_rejects_wrong_apn_missing_context_and_no_network()
    {
        var m = new SimulatedModule(new ModuleState { ExpectedApn = "internet" });
        var b = new Board(m);
        Assert.Equal("\r\nNO CARRIER\r\n", b.Command("ATD*99#", "\r\nNO CARRIER\r\n")); // no context 1
        b.Command("AT+CGDCONT=1,\"IP\",\"other\"");
        Assert.Equal("\r\nNO CARRIER\r\n", b.Command("ATD*99#", "\r\nNO CARRIER\r\n"));
        m.Update(s => s.PacketRejectResult = "ERROR");
        Assert.Equal("\r\nERROR\r\n", b.Command("ATD*99***1#", "\r\nERROR\r\n"));
        b.Command("AT+CGDCONT=1,\"IP\",\"internet\"");
        b.Command("AT+CGATT=0"); // the dials above attached implicitly
        m.Update(s => s.AttachRejectCode = 148);
        Assert.Equal("\r\nERROR\r\n", b.Command("ATD*99#", "\r\nERROR\r\n"));
        m.Update(s => s.AttachRejectCode = null);
        m.PacketCall = CallScript.NoCarrier(100); // scripted network-side failure after the checks
        Assert.Equal("\r\nNO CARRIER\r\n", b.Command("ATD*99#", "\r\nNO CARRIER\r\n"));
        Assert.Empty(m.State.ActiveContexts);
        m.PacketCall = CallScript.Connect(speed: 0, delayMs: 100);
        Assert.Equal("\r\nCONNECT\r\n", b.Command("ATD*99#", "\r\nCONNECT\r\n"));
    }

    // ================================================================== incoming calls

    [Fact]
    public void Incoming_call_with_cli_rings_then_the_caller_gives_up()
    {
        var m = new SimulatedModule();
        var b = new Board(m);
        b.Command("AT+CLIP=1");
        Assert.True(m.Ring(new IncomingCallScript { Number = "+33612345678", RingIntervalMs = 100, Rings = 2 }));
        Assert.False(m.Ring(new IncomingCallScript())); // already ringing
        b.Expect("\r\nRING\r\n\r\n+CLIP: \"+33612345678\",145\r\n\r\nRING\r\n\r\n+CLIP: \"+33612345678\",145\r\n\r\nNO CARRIER\r\n");
        Assert.False(m.Ringing);
        Assert.Equal(2, m.RingsSent);
        Assert.Equal("\r\nNO CARRIER\r\n", b.Command("ATA", "\r\nNO CARRIER\r\n"));
    }

    [Fact]
    public void Crc_shows_cring_and_calls_without_cli_or_withheld_differ()
    {
        var m = new SimulatedModule();
        var b = new Board(m);
        b.Command("AT+CRC=1");
        b.Command("AT+CLIP=1");
        m.Ring(new IncomingCallScript { RingIntervalMs = 60000 });
        b.Expect("\r\n+CRING: ASYNC\r\n");
        Assert.Equal("\r\nOK\r\n", b.Command("ATH")); // reject
        Assert.False(m.Ringing);
        m.Ring(new IncomingCallScript { Withheld = true, RingIntervalMs = 60000 });
        b.Expect("\r\n+CRING: ASYNC\r\n\r\n+CLIP: \"\",128\r\n");
        Assert.True(m.CallerHangsUp());
        b.Expect("\r\nNO CARRIER\r\n");
        b.Command("AT+CRC=0");
        b.Command("AT+CLIP=0");
        m.Ring(new IncomingCallScript { Number = "0612345678", RingIntervalMs = 60000 });
        b.Expect("\r\nRING\r\n");
        Assert.Equal("", b.Quiet(50)); // no +CLIP with AT+CLIP=0
        b.Command("ATH");
    }

    [Fact]
    public void Ata_answers_into_data_mode_with_a_tcp_remote()
    {
        using var server = new EchoServer();
        var m = Fast();
        var b = new Board(m);
        b.Command("AT+CLIP=1");
        m.Ring(new IncomingCallScript
        {
            Number = "0612345678",
            RingIntervalMs = 60000,
            Answer = CallScript.ToTcp("127.0.0.1", server.Port, speed: 9600, delayMs: 100),
        });
        b.Expect("\r\nRING\r\n\r\n+CLIP: \"0612345678\",129\r\n");
        Assert.Equal("\r\nCONNECT 9600\r\n", b.Command("ATA", "\r\nCONNECT 9600\r\n"));
        b.Send("ping");
        Assert.Equal("ping", Encoding.Latin1.GetString(b.ReadBytes(4)));
        m.DropCall();
        b.Expect("\r\nNO CARRIER\r\n");
        Assert.True(server.PeerClosed.Wait(Bound));
    }

    [Fact]
    public void Registration_lost_stops_the_ringing()
    {
        var m = new SimulatedModule();
        var b = new Board(m);
        m.Ring(new IncomingCallScript { RingIntervalMs = 100 });
        b.Expect("\r\nRING\r\n");
        m.LoseRegistration();
        Thread.Sleep(300);
        b.Drain();
        Assert.False(m.Ringing);
        Assert.False(m.Ring(new IncomingCallScript()));
    }

    // ================================================================== faults

    [Fact]
    public void Slow_module_answers_after_the_delay_and_keeps_the_order()
    {
        var m = new SimulatedModule();
        var b = new Board(m);
        m.Update(s => s.ResponseDelayMs = 800);
        b.Send("AT+CSQ\r");
        b.Send("AT+CGMI\r");
        Assert.Equal("", b.Drain());
        b.Expect("\r\n+CSQ: 20,0\r\n\r\nOK\r\n\r\nSIMCOM_Ltd\r\n\r\nOK\r\n");
        m.Update(s => s.ResponseDelayMs = 0);
        Assert.Equal("\r\nOK\r\n", b.Command("AT"));
    }

    [Fact]
    public void Silent_module_answers_nothing_until_it_recovers()
    {
        var m = new SimulatedModule();
        var b = new Board(m);
        m.Update(s => s.Silent = true);
        b.Send("AT\r");
        b.Send("ATE1\r");
        Assert.Equal("", b.Quiet(100));
        m.Update(s => s.Silent = false);
        Assert.Equal("\r\nOK\r\n", b.Command("AT")); // ATE1 was never executed
    }

    [Fact]
    public void Scripted_error_and_silence_for_chosen_commands()
    {
        var m = new SimulatedModule();
        var b = new Board(m);
        m.FailCommand("AT+CGATT=1");
        m.FailCommand("+COPS?", "+CME ERROR: 100");
        m.SilenceCommand("+CREG?");
        Assert.Equal("\r\nERROR\r\n", b.Command("AT+CGATT=1", "\r\nERROR\r\n"));
        Assert.Equal("\r\n+CGATT: 0\r\n\r\nOK\r\n", b.Command("AT+CGATT?"));
        Assert.Equal("\r\n+CME ERROR: 100\r\n", b.Command("AT+COPS?", "\r\n+CME ERROR: 100\r\n"));
        b.Send("AT+CREG?\r");
        Assert.Equal("", b.Quiet(100));
        m.ClearFaults();
        Assert.Equal("\r\n+CREG: 0,1\r\n\r\nOK\r\n", b.Command("AT+CREG?"));
    }

    [Fact]
    public void Concurrent_reader_writer_and_scripting_threads_do_not_break_the_module()
    {
        var m = new SimulatedModule();
        var stop = new CancellationTokenSource();
        long read = 0;
        var reader = new Thread(() =>
        {
            var buffer = new byte[512];
            while (!stop.IsCancelled())
            {
                int n = m.Read(buffer, 0, buffer.Length, 20);
                if (n > 0) Interlocked.Add(ref read, n);
            }
        }) { IsBackground = true };
        reader.Start();
        var scripter = Task.Run(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                m.Update(s => s.Rssi = i % 31);
                m.InjectUrc("+CMTI: \"SM\"," + i);
            }
        });
        var at = Encoding.ASCII.GetBytes("AT+CSQ\r");
        for (int i = 0; i < 200; i++) m.Write(at, 0, at.Length);
        Assert.True(scripter.Wait(Bound));
        Assert.True(WaitUntil(() => m.Pending == 0));
        stop.Cancel();
        Assert.True(reader.Join(Bound));
        Assert.True(Interlocked.Read(ref read) > 200 * 20);
    }
}

internal static class CancellationExtensions
{
    public static bool IsCancelled(this CancellationTokenSource source) => source.IsCancellationRequested;
}

public class SimulatedModuleRegisterTests
{
    [Fact]
    public void S_registers_set_auto_answer_and_escape_guard_time()
    {
        var m = new SimulatedModule();
        var remote = new PipeRemote();
        var sent = Encoding.ASCII.GetBytes("ATE0\rATS0=2\rATS12=10\rATS0?\rATS12?\rATS99=1\r");
        m.Write(sent, 0, sent.Length);
        Assert.Equal("ATE0\r\r\nOK\r\n\r\nOK\r\n\r\nOK\r\n\r\n002\r\n\r\nOK\r\n\r\n010\r\n\r\nOK\r\n\r\nERROR\r\n", Read(m, "ERROR\r\n"));
        Assert.Equal(200, m.State.GuardTimeMs);
        Assert.True(m.Ring(new IncomingCallScript { RingIntervalMs = 50, Answer = CallScript.Connect(remote: () => remote) }));
        Assert.Equal("\r\nRING\r\n\r\nRING\r\n\r\nCONNECT 9600\r\n", Read(m, "CONNECT 9600\r\n"));
        Assert.Equal(CallMode.Data, m.Mode);
    }

    [Fact]
    public void The_radio_drivers_start_up_commands_are_all_known()
    {
        var m = new SimulatedModule();
        var sent = Encoding.ASCII.GetBytes("ATE0\rATV1\rAT+CMEE=1\rAT+CPIN?\rAT+CREG?\rAT+CGREG?\rAT+CLIP=1\rATV0\r");
        m.Write(sent, 0, sent.Length);
        Assert.Equal("ATE0\r\r\nOK\r\n\r\nOK\r\n\r\nOK\r\n\r\n+CPIN: READY\r\n\r\nOK\r\n\r\n+CREG: 0,1\r\n\r\nOK\r\n" +
            "\r\n+CGREG: 0,0\r\n\r\nOK\r\n\r\nOK\r\n\r\nERROR\r\n", Read(m, "ERROR\r\n"));
    }

    private static string Read(SimulatedModule m, string until)
    {
        var sb = new StringBuilder();
        var buffer = new byte[256];
        long deadline = Environment.TickCount64 + 20000;
        while (!sb.ToString().EndsWith(until) && Environment.TickCount64 < deadline)
        {
            int n = m.Read(buffer, 0, buffer.Length, 200);
            sb.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        return sb.ToString();
    }
}
