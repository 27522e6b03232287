namespace NfAtip.Conformance
{
    /// <summary>
    /// The firmware core's conformance run, for the real nanoFramework runtime (nanoCLR) and for .NET:
    /// prints each failure, the heap after the run, and "N passed, N failed".
    /// </summary>
    public static class Program
    {
        public static void Main()
        {
            Report.Line("nf-atip conformance: " + ShippedScenarios.All.Length + " shipped scenarios and the cases of ConformanceSuite");
            HeapProbe.Collect("baseline");
            Report report = ConformanceSuite.Run();
            HeapProbe.Collect("after the run (the difference to the baseline is what the run left behind)");
            MeasureOneBoard();
            Report.Line(report.Passed + " passed, " + report.Failed + " failed");
        }

        /// <summary>
        /// The heap of one started board: the fakes first (the 32 KB RAM flash is the bench's, not the
        /// board's), a checkpoint, then the board started and one AT#VALL answered, a checkpoint.
        /// </summary>
        private static void MeasureOneBoard()
        {
            HostLine host = new HostLine();
            byte[] room = new byte[2048];
            host.Output.Add(room, 0, room.Length); // grow the capture buffer before the first checkpoint
            host.Output.Clear();
            ManualClock clock = new ManualClock();
            RamFlash flash = new RamFlash(4096, 8);
            NfAtip.Platform.BoardPlatform platform = new NfAtip.Platform.BoardPlatform(
                host, new ScriptedModule(clock), flash, clock, new NoNetwork(), new ScriptedIpLink());
            HeapProbe.Collect("bench fakes only");
            Board board = new Board(platform, BenchBoard.Identity);
            board.Start();
            host.Type(ScriptedModule.Latin1("AT#VALL\r"));
            for (int i = 0; i < 1000 && host.Pending > 0; i++) board.Step(0);
            board.Step(0);
            HeapProbe.Collect("one started board after AT#VALL");
            Report.Line("board answered " + host.Output.Length + " bytes to AT#VALL");
        }
    }

    /// <summary>
    /// Forces a full collection with mscorlib alone (nanoFramework.Runtime.Native's GC.Run is not
    /// available on every build): garbage is allocated until a weakly held object is gone. nanoCLR
    /// prints "GC: … bytes used" after each collection, which is the heap figure the run reports.
    /// </summary>
    public static class HeapProbe
    {
        public static void Collect(string checkpoint)
        {
            Report.Line("heap checkpoint: " + checkpoint);
            System.WeakReference probe = new System.WeakReference(new byte[16]);
            for (int i = 0; i < 100000 && probe.IsAlive; i++)
            {
                byte[] garbage = new byte[1024];
                garbage[0] = 1;
            }
            Report.Line("heap checkpoint done: " + checkpoint + (probe.IsAlive ? " (no collection seen)" : ""));
        }
    }
}
