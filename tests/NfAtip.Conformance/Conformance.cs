using System;
using NfAtip.Platform;

namespace NfAtip.Conformance
{
    /// <summary>A board on the bench: the firmware core over fakes, all on one manual clock.</summary>
    public sealed class BenchBoard
    {
        public static readonly BoardIdentity Identity = new BoardIdentity(123456, "Nov 24 2026 13:42:19");

        public readonly HostLine Host = new HostLine();
        public readonly ManualClock Clock;
        public readonly ScriptedModule Module;
        public readonly ScriptedIpLink IpLink = new ScriptedIpLink();
        public readonly RamFlash Flash;
        public readonly Board Board;

        /// <param name="flash">The flash to boot from: a power cycle passes the old board's.</param>
        public BenchBoard(RamFlash flash, ManualClock clock) : this(flash, clock, null)
        {
        }

        /// <param name="lteModel">An LTE-M module's AT+CGMM answer (registered by +CEREG only), or null for the SIM800 script.</param>
        public BenchBoard(RamFlash flash, ManualClock clock, string lteModel)
        {
            Flash = flash != null ? flash : new RamFlash(4096, 8);
            Clock = clock != null ? clock : new ManualClock();
            Module = new ScriptedModule(Clock);
            Module.Model = lteModel;
            Module.Lte = lteModel != null;
            Board = new Board(new BoardPlatform(Host, Module, Flash, Clock, new NoNetwork(), IpLink), Identity);
            // Hang-ups escape the module with guard times of silence: short on the bench.
            Board.LinkTimings.EscapeGuardMs = 20;
            Board.LinkTimings.EscapeAnswerMs = 20;
            Board.Start();
            Pump();
        }

        /// <summary>Types the bytes and steps the board until they are taken and what they started has settled.</summary>
        public void Type(byte[] bytes)
        {
            Host.Type(bytes);
            Pump();
        }

        /// <summary>
        /// Steps until the host's bytes are taken, then while the link has something under way that prints
        /// by itself (a dial, PPP, a hang-up); bench time passes meanwhile. Bounded, so a stuck board fails
        /// the scenario instead of hanging the run.
        /// </summary>
        public void Pump()
        {
            for (int i = 0; i < 100000 && Host.Pending > 0; i++) Board.Step(0);
            Board.Step(0);
            for (int i = 0; i < 200000 && Board.Connection.Busy; i++)
            {
                Board.Step(0);
                Clock.Now++;
            }
        }

        /// <summary>Lets <paramref name="ms"/> of bench time pass with the board stepping.</summary>
        public void Idle(int ms)
        {
            long until = Clock.Now + ms;
            while (Clock.Now < until)
            {
                Board.Step(0);
                Clock.Now += 10;
            }
        }
    }

    /// <summary>Counts and prints results: "PASS name", "FAIL name: why", then "N passed, N failed".</summary>
    public sealed class Report
    {
        public int Passed;
        public int Failed;
        public int NotRun;

        public void Pass(string name) { Passed++; }

        public void Fail(string name, string why)
        {
            Failed++;
            Line("FAIL " + name + ": " + why);
        }

        public static void Line(string text)
        {
#if NANOFRAMEWORK_1_0
            System.Diagnostics.Debug.WriteLine(text);
#else
            System.Console.WriteLine(text);
#endif
        }
    }

    /// <summary>
    /// Runs one shipped rig scenario (tools/NfAtip.Rig/scenarios, embedded by ShippedScenarios) on a
    /// BenchBoard with the rig's meaning of each directive: cmd (send the line and expect its echo),
    /// send, expect, ok, error, match, quiet, restart (a power cycle over the same flash). The board is
    /// stepped synchronously, so "expect" sees everything the board wrote so far.
    /// </summary>
    public sealed class ScenarioRun
    {
        private BenchBoard _board;
        private int _cursor;

        public string Run(string scenario)
        {
            _board = new BenchBoard(null, null);
            _cursor = _board.Host.Output.Length;
            int start = 0;
            while (start < scenario.Length)
            {
                int end = scenario.IndexOf('\n', start);
                if (end < 0) end = scenario.Length;
                string line = scenario.Substring(start, end - start);
                start = end + 1;
                string why = Step(line);
                if (why != null) return line + ": " + why;
            }
            _board.Idle(300);
            string rest = _board.Host.Output.Text(_cursor);
            return rest.Length == 0 ? null : "after the last step: unexpected " + RigText.Show(rest);
        }

        private string Step(string line)
        {
            int space = line.IndexOf(' ');
            string keyword = space < 0 ? line : line.Substring(0, space);
            string arg = space < 0 ? "" : line.Substring(space).TrimStart();
            switch (keyword)
            {
                case "scenario": case "about": case "needs": case "timeout": case "": return null;
                case "send": return Send(arg, false);
                case "cmd": return Send(arg + "\\r", true);
                case "expect": return Expect(RigText.Parse(arg));
                case "ok": return Expect(RigText.Parse("\\r\\nOK\\r\\n"));
                case "error": return Expect(ScriptedModule.Latin1("\r\n#CME ERROR: " + arg.Trim() + "\r\n"));
                case "match":
                {
                    string got = _board.Host.Output.Text(_cursor);
                    int n = Pattern.MatchAt(arg, got);
                    if (n < 0) return "no match for /" + arg + "/ in " + RigText.Show(got);
                    _cursor += n;
                    return null;
                }
                case "quiet":
                {
                    _board.Idle(Duration(arg));
                    string got = _board.Host.Output.Text(_cursor);
                    return got.Length == 0 ? null : "expected nothing, got " + RigText.Show(got);
                }
                case "restart":
                    _board = new BenchBoard(_board.Flash, null);
                    _cursor = _board.Host.Output.Length;
                    return null;
                default: return "directive not supported by the conformance runner";
            }
        }

        private string Send(string arg, bool expectEcho)
        {
            byte[] bytes = RigText.Parse(arg);
            if (bytes == null) return "bad byte notation";
            _board.Type(bytes);
            return expectEcho ? Expect(bytes) : null;
        }

        private string Expect(byte[] want)
        {
            if (want == null) return "bad byte notation";
            Bytes output = _board.Host.Output;
            for (int i = 0; i < want.Length; i++)
            {
                if (_cursor + i >= output.Length || output[_cursor + i] != want[i])
                {
                    char[] w = new char[want.Length];
                    for (int k = 0; k < want.Length; k++) w[k] = (char)want[k];
                    return "differs at byte " + i + "\n  expected: " + RigText.Show(new string(w)) + "\n  received: " + RigText.Show(output.Text(_cursor));
                }
            }
            _cursor += want.Length;
            return null;
        }

        private static int Duration(string text)
        {
            text = text.Trim();
            if (text.EndsWith("ms")) return int.Parse(text.Substring(0, text.Length - 2));
            if (text.EndsWith("s")) return int.Parse(text.Substring(0, text.Length - 1)) * 1000;
            return int.Parse(text);
        }
    }

    /// <summary>The whole run: the shipped scenarios, then the cases written here.</summary>
    public static class ConformanceSuite
    {
        public static Report Run()
        {
            Report report = new Report();
            for (int i = 0; i < ShippedScenarios.All.Length; i++)
            {
                string scenario = ShippedScenarios.All[i];
                string name = scenario.Substring(9, scenario.IndexOf('\n') - 9);
                string why;
                try { why = new ScenarioRun().Run(scenario); }
                catch (Exception e) { why = Crash(e); }
                if (why == null) report.Pass(name);
                else report.Fail(name, why);
            }
            Guarded(report, "gprs.appendix-a", 0);
            Guarded(report, "gsm.appendix-a", 3);
            Guarded(report, "persist.ten-power-cycles", 1);
            Guarded(report, "store.write-fails-34824", 2);
            Guarded(report, "store.damaged-record-recovered", 4);
            Guarded(report, "module.lte-told-from-cgmm", 5);
            Guarded(report, "dle.coding-by-runs", 6);
            return report;
        }

        /// <summary>Runs one written case; an exception (on nanoCLR: a boot that dies) is that case's failure.</summary>
        private static void Guarded(Report report, string name, int which)
        {
            try
            {
                if (which == 0) GprsConnection(report);
                else if (which == 1) PowerCycles(report);
                else if (which == 2) FailedFlashWrite(report);
                else if (which == 4) DamagedRecord(report);
                else if (which == 5) LteModule(report);
                else if (which == 6) DleRuns(report);
                else GsmConnection(report);
            }
            catch (Exception e)
            {
                report.Fail(name, Crash(e));
            }
        }

        private static string Crash(Exception e) { return "threw " + e.GetType().FullName + ": " + e.Message; }

        /// <summary>
        /// 34824 (EEPROM write failed): a write the flash does not take is refused and the old value stays,
        /// in RAM and after a power cycle (as ParameterTests.AFailedFlashWrite_Answers34824_AndKeepsTheOldValue).
        /// </summary>
        private static void FailedFlashWrite(Report report)
        {
            BenchBoard b = new BenchBoard(null, null);
            string why = Exchange(b, new string[] { "AT#PPPMODE=3\r", "AT#PPPMODE=3\r\r\nOK\r\n" });
            b.Flash.FailWrites = true;
            if (why == null)
                why = Exchange(b, new string[]
                {
                    "AT#PPPMODE=2\r", "AT#PPPMODE=2\r\r\n#CME ERROR: 34824\r\n",
                    "AT#PPPMODE?\r", "AT#PPPMODE?\r#PPPMODE: 3\r\n\r\nOK\r\n",
                });
            b.Flash.FailWrites = false;
            if (why == null)
                why = Exchange(new BenchBoard(b.Flash, null), new string[] { "AT#PPPMODE?\r", "AT#PPPMODE?\r#PPPMODE: 3\r\n\r\nOK\r\n" });
            if (why == null) report.Pass("store.write-fails-34824");
            else report.Fail("store.write-fails-34824", why);
        }

        /// <summary>
        /// Spec decision S6: bit rot in the newest settings record loads the previous one and AT#VSTATE says
        /// RECOVERED (as StoreRecoveryTests.NewestMainRecordDamaged_…).
        /// </summary>
        private static void DamagedRecord(Report report)
        {
            BenchBoard b = new BenchBoard(null, null);
            string why = Exchange(b, new string[]
            {
                "AT#PPPMODE=3\r", "AT#PPPMODE=3\r\r\nOK\r\n", // settings page, slot 0
                "AT#PPPMODE=2\r", "AT#PPPMODE=2\r\r\nOK\r\n", // slot 1, the newest
            });
            b.Flash.CorruptByte(4096 + 32 + 1);
            if (why == null)
                why = Exchange(new BenchBoard(b.Flash, null), new string[]
                {
                    "AT#PPPMODE?\r", "AT#PPPMODE?\r#PPPMODE: 3\r\n\r\nOK\r\n",
                    "AT#VSTATE\r", "AT#VSTATE\r#STATE: \"IDLE\"\r\n#STORE: \"RECOVERED\"\r\n\r\nOK\r\n",
                });
            if (why == null) report.Pass("store.damaged-record-recovered");
            else report.Fail("store.damaged-record-recovered", why);
        }

        /// <summary>
        /// Appendix A "Connection to the Internet … Using GPRS" against the scripted module: the PDP context
        /// and the packet call on the module's UART, the address, OK_Info_GprsActivation, VSTATE, DISPLAYIP,
        /// a second start refused (35840), and the stop.
        /// </summary>
        private static void GprsConnection(Report report)
        {
            BenchBoard b = new BenchBoard(null, null);
            string[] steps =
            {
                "AT#GPRSMODE=1\r", "AT#GPRSMODE=1\r\r\nOK\r\n",
                "AT#APNSERV=\"apnserver.com\"\r", "AT#APNSERV=\"apnserver.com\"\r\r\nOK\r\n",
                "AT#APNUN=\"login\"\r", "AT#APNUN=\"login\"\r\r\nOK\r\n",
                "AT#APNPW=\"password\"\r", "AT#APNPW=\"password\"\r\r\nOK\r\n",
                "AT#CONNECTIONSTART\r", "AT#CONNECTIONSTART\r\r\n213.30.30.30\r\n\r\nOK_Info_GprsActivation\r\n",
                "AT#VSTATE\r", "AT#VSTATE\r#STATE: \"CONNECTED\"\r\n\r\nOK\r\n",
                "AT#DISPLAYIP\r", "AT#DISPLAYIP\rMY IP: 213.30.30.30\r\nGateway IP: 213.30.30.1\r\n\r\nOK\r\n",
                "AT#CONNECTIONSTART\r", "AT#CONNECTIONSTART\r\r\n#CME ERROR: 35840\r\n",
                "AT#CONNECTIONSTOP\r", "AT#CONNECTIONSTOP\r\r\nOK\r\n",
                "AT#VSTATE\r", "AT#VSTATE\r#STATE: \"IDLE\"\r\n\r\nOK\r\n",
            };
            string why = Exchange(b, steps);
            if (why == null && b.IpLink.Opens != 1) why = "IP link opened " + b.IpLink.Opens + " times, expected once";
            if (why == null) report.Pass("gprs.appendix-a");
            else report.Fail("gprs.appendix-a", why);
        }

        /// <summary>
        /// Appendix A "Connection to the Internet Service Provider Using GSM Data": the dial of DIALN1, CONNECT
        /// 9600, PPP with ISPUN/ISPPW, the address, OK_Info_Ppp, DISPLAYIP's PEER IP, and the stop (escape and
        /// hang-up at the module) — as OutgoingCallScenarioTests.Appendix_A_gsm_connects_shows_addresses_and_stops.
        /// </summary>
        private static void GsmConnection(Report report)
        {
            BenchBoard b = new BenchBoard(null, null);
            string why = Exchange(b, new string[]
            {
                "AT#GPRSMODE=0\r", "AT#GPRSMODE=0\r\r\nOK\r\n",
                "AT#DIALN1=\"0860000000\"\r", "AT#DIALN1=\"0860000000\"\r\r\nOK\r\n",
                "AT#ISPUN=\"login\"\r", "AT#ISPUN=\"login\"\r\r\nOK\r\n",
                "AT#ISPPW=\"password\"\r", "AT#ISPPW=\"password\"\r\r\nOK\r\n",
                "AT#DNSSERV1=\"192.168.1.1\"\r", "AT#DNSSERV1=\"192.168.1.1\"\r\r\nOK\r\n",
                "AT#CONNECTIONSTART\r", "AT#CONNECTIONSTART\r\r\nDIALING\r\n\r\n0860000000\r\n\r\nCONNECT 9600\r\n\r\n213.30.30.30\r\n\r\nOK_Info_Ppp\r\n",
                "AT#DISPLAYIP\r", "AT#DISPLAYIP\rMY IP: 213.30.30.30\r\nPEER IP: 213.30.30.1\r\n\r\nOK\r\n",
                "AT#VSTATE\r", "AT#VSTATE\r#STATE: \"CONNECTED\"\r\n\r\nOK\r\n",
                "AT#CONNECTIONSTOP\r", "AT#CONNECTIONSTOP\r\r\nOK\r\n",
                "AT#VSTATE\r", "AT#VSTATE\r#STATE: \"IDLE\"\r\n\r\nOK\r\n",
            });
            if (why == null && b.Module.Dials != 1) why = "the module saw " + b.Module.Dials + " dials, expected one";
            if (why == null && b.IpLink.Opens != 1) why = "IP link opened " + b.IpLink.Opens + " times, expected once";
            if (why == null) report.Pass("gsm.appendix-a");
            else report.Fail("gsm.appendix-a", why);
        }

        /// <summary>
        /// Issue J, spec decision L21: a module answering AT+CGMM "SIMCOM_SIM7080G" gets the SIM7080 row, is
        /// registered by +CEREG alone, makes the packet call, and has no GSM data call (36872) — as
        /// OutgoingCallScenarioTests.An_lte_module_… on the simulator.
        /// </summary>
        private static void LteModule(Report report)
        {
            BenchBoard b = new BenchBoard(null, null, "SIMCOM_SIM7080G");
            string why = b.Board.Radio.Profile.Name == "SIM7080" ? null : "profile " + b.Board.Radio.Profile.Name + ", expected SIM7080";
            if (why == null)
                why = Exchange(b, new string[]
                {
                    "AT#CONNECTIONSTART\r", "AT#CONNECTIONSTART\r\r\n213.30.30.30\r\n\r\nOK_Info_GprsActivation\r\n",
                    "AT#CONNECTIONSTOP\r", "AT#CONNECTIONSTOP\r\r\nOK\r\n",
                    "AT#GPRSMODE=0\r", "AT#GPRSMODE=0\r\r\nOK\r\n",
                    "AT#DIALN1=\"0860000000\"\r", "AT#DIALN1=\"0860000000\"\r\r\nOK\r\n",
                    "AT#CONNECTIONSTART\r", "AT#CONNECTIONSTART\r\r\n#CME ERROR: 36872\r\n",
                });
            if (why == null && b.Module.Dials != 1) why = "the module saw " + b.Module.Dials + " dials, expected the packet call only";
            if (why == null) report.Pass("module.lte-told-from-cgmm");
            else report.Fail("module.lte-told-from-cgmm", why);
        }

        /// <summary>
        /// Issue H: the DLE coder and decoder find ETX and DLE with Array.IndexOf (native on nanoCLR, with the
        /// bytes boxed once) and copy the runs between them: byte for byte what the rules give, here on the
        /// runtime itself — escapes at the start, the end, in a row, a decode split inside an escape, in place.
        /// </summary>
        private static void DleRuns(Report report)
        {
            byte[] data = new byte[300];
            for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7 + 1);
            data[0] = 3; data[1] = 16; data[2] = 16; data[150] = 3; data[151] = 3; data[298] = 16; data[299] = 3;
            byte[] expected = new byte[2 * data.Length];
            int e = 0;
            for (int i = 0; i < data.Length; i++)
            {
                if (data[i] == 3 || data[i] == 16) expected[e++] = 16;
                expected[e++] = data[i];
            }
            byte[] coded = new byte[2 * data.Length + 1];
            int n = NfAtip.Services.DataMode.Dle.EncodeInto(data, 0, data.Length, coded, 0);
            string why = n == e ? null : "coded " + n + " bytes, expected " + e;
            for (int i = 0; why == null && i < e; i++) if (coded[i] != expected[i]) why = "coded byte " + i + " is " + coded[i];
            coded[n] = 3; // the closing ETX
            for (int split = 0; why == null && split <= n + 1; split += 37)
            {
                NfAtip.Services.DataMode.DleDecoder d = new NfAtip.Services.DataMode.DleDecoder();
                byte[] output = new byte[data.Length];
                int got = d.Decode(coded, 0, split, output, 0);
                if (!d.EndSeen) got += d.Decode(coded, split, n + 1 - split, output, got);
                if (!d.EndSeen || got != data.Length) why = "split " + split + ": " + got + " bytes, end " + d.EndSeen;
                for (int i = 0; why == null && i < data.Length; i++) if (output[i] != data[i]) why = "split " + split + ": byte " + i;
            }
            if (why == null)
            {
                NfAtip.Services.DataMode.DleDecoder d = new NfAtip.Services.DataMode.DleDecoder();
                int got = d.Decode(coded, 0, n + 1, coded, 0); // in place
                if (got != data.Length) why = "in place: " + got + " bytes";
                for (int i = 0; why == null && i < data.Length; i++) if (coded[i] != data[i]) why = "in place: byte " + i;
            }
            if (why == null) report.Pass("dle.coding-by-runs");
            else report.Fail("dle.coding-by-runs", why);
        }

        /// <summary>Settings written before each of ten power cycles are all there after the last.</summary>
        private static void PowerCycles(Report report)
        {
            RamFlash flash = new RamFlash(4096, 8);
            string why = null;
            for (int cycle = 1; cycle <= 10 && why == null; cycle++)
            {
                BenchBoard b = new BenchBoard(flash, null);
                string port = (1000 + cycle).ToString();
                why = Exchange(b, new string[]
                {
                    "AT#TCPPORT=" + port + "\r", "AT#TCPPORT=" + port + "\r\r\nOK\r\n",
                    "AT#REDIALCOUNT=" + cycle + "\r", "AT#REDIALCOUNT=" + cycle + "\r\r\nOK\r\n",
                });
            }
            if (why == null)
            {
                BenchBoard b = new BenchBoard(flash, null);
                why = Exchange(b, new string[]
                {
                    "AT#TCPPORT?\r", "AT#TCPPORT?\r#TCPPORT: 1010\r\n\r\nOK\r\n",
                    "AT#REDIALCOUNT?\r", "AT#REDIALCOUNT?\r#REDIALCOUNT: 10\r\n\r\nOK\r\n",
                });
            }
            if (why == null) report.Pass("persist.ten-power-cycles");
            else report.Fail("persist.ten-power-cycles", why);
        }

        /// <summary>Pairs of (typed, whole expected answer with echo); the first difference, or null.</summary>
        private static string Exchange(BenchBoard b, string[] pairs)
        {
            for (int i = 0; i < pairs.Length; i += 2)
            {
                int from = b.Host.Output.Length;
                b.Type(ScriptedModule.Latin1(pairs[i]));
                string got = b.Host.Output.Text(from);
                if (got != pairs[i + 1]) return RigText.Show(pairs[i]) + ": expected " + RigText.Show(pairs[i + 1]) + ", received " + RigText.Show(got);
            }
            return null;
        }
    }
}
