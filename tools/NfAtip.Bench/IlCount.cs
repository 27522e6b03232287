using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using NfAtip.HostAdapters.Flash;
using NfAtip.At;
using NfAtip.Services;
using NfAtip.Services.DataMode;

namespace NfAtip.Bench;

/// <summary>
/// Executed IL per operation, the board's cost figure (nanoCLR interprets IL, so what counts on the board is how
/// many instructions an operation runs, not how fast a PC's JIT runs them). `nf-atip-bench il` copies
/// NfAtip.Core.dll with Mono.Cecil, adding to every basic block a counter of its instructions and to every method
/// entry a call counter, loads the copy in an AssemblyLoadContext of its own with this assembly and the host
/// adapters (so they bind to it), and runs each operation of <see cref="IlWorkloads"/> there. The figures do not
/// depend on the PC or its load: they count the core's own IL, not the BCL methods it calls.
/// </summary>
internal static class IlCount
{
    /// <summary>Set in the counting context's copy of this assembly, whose module initializer must not start again.</summary>
    private const string ChildFlag = "nfatip.ilcount.child";

    /// <summary>The counter type added to the copy: NfAtip.IlCounter.PerMethod / .Names / .Calls.</summary>
    public const string CounterType = "NfAtip.IlCounter";

    [ModuleInitializer]
    internal static void Intercept()
    {
        if (!BenchMode.Selected("il") || AppContext.GetData(ChildFlag) != null) return;
        Environment.Exit(Run());
    }

    private static int Run()
    {
        string dir = Path.Combine(Path.GetTempPath(), "nf-atip-il-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            string copy = Path.Combine(dir, "NfAtip.Core.dll");
            int methods = Instrument(Path.Combine(AppContext.BaseDirectory, "NfAtip.Core.dll"), copy);
            AppContext.SetData(ChildFlag, true);
            var context = new CountingContext(copy);
            Assembly bench = context.LoadFromAssemblyPath(typeof(IlCount).Assembly.Location);
            bool detail = BenchMode.Word(1) == "detail";
            var rows = (string[][])bench.GetType(typeof(IlWorkloads).FullName!)!.GetMethod(nameof(IlWorkloads.Rows))!.Invoke(null, new object[] { detail })!;
            Console.WriteLine("Executed IL per operation in NfAtip.Core (" + methods + " methods counted; BCL calls not included).");
            Console.WriteLine();
            Console.WriteLine("| Operation | IL instructions | Calls | Budget | Within |");
            Console.WriteLine("|---|---:|---:|---:|---|");
            foreach (string[] r in rows) Console.WriteLine("| " + string.Join(" | ", r.Take(5)) + " |");
            if (detail)
            {
                foreach (string[] r in rows)
                {
                    Console.WriteLine();
                    Console.WriteLine(r[0] + ": the methods that ran most of it (IL per operation)");
                    foreach (string line in r.Skip(5)) Console.WriteLine("  " + line);
                }
            }
            return 0;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Writes a copy of the core whose every basic block adds its instruction count, and every method entry 1 call.</summary>
    private static int Instrument(string input, string output)
    {
        var resolver = new DefaultAssemblyResolver();
        resolver.AddSearchDirectory(AppContext.BaseDirectory);
        using AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { AssemblyResolver = resolver });
        ModuleDefinition module = assembly.MainModule;
        var counter = new TypeDefinition("NfAtip", "IlCounter",
            Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Abstract | Mono.Cecil.TypeAttributes.Sealed | Mono.Cecil.TypeAttributes.Class,
            module.TypeSystem.Object);
        var calls = new FieldDefinition("Calls", Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, module.TypeSystem.Int64);
        // PerMethod[k]: the instructions method k ran (their sum is the total); Names[k] its name (set by the static
        // constructor below).
        var perMethod = new FieldDefinition("PerMethod", Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, new ArrayType(module.TypeSystem.Int64));
        var names = new FieldDefinition("Names", Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, new ArrayType(module.TypeSystem.String));
        counter.Fields.Add(calls);
        counter.Fields.Add(perMethod);
        counter.Fields.Add(names);
        var methodNames = new List<string>();
        foreach (TypeDefinition type in module.GetTypes().ToList())
        {
            foreach (MethodDefinition method in type.Methods)
            {
                if (!method.HasBody) continue;
                CountBlocks(method.Body, calls, perMethod, methodNames.Count);
                methodNames.Add(type.FullName + "." + method.Name);
            }
        }
        int methods = methodNames.Count;
        var cctor = new MethodDefinition(".cctor", Mono.Cecil.MethodAttributes.Private | Mono.Cecil.MethodAttributes.Static | Mono.Cecil.MethodAttributes.HideBySig
            | Mono.Cecil.MethodAttributes.SpecialName | Mono.Cecil.MethodAttributes.RTSpecialName, module.TypeSystem.Void);
        ILProcessor init = cctor.Body.GetILProcessor();
        init.Emit(OpCodes.Ldc_I4, methods);
        init.Emit(OpCodes.Newarr, module.TypeSystem.Int64);
        init.Emit(OpCodes.Stsfld, perMethod);
        init.Emit(OpCodes.Ldc_I4, methods);
        init.Emit(OpCodes.Newarr, module.TypeSystem.String);
        for (int k = 0; k < methods; k++)
        {
            init.Emit(OpCodes.Dup);
            init.Emit(OpCodes.Ldc_I4, k);
            init.Emit(OpCodes.Ldstr, methodNames[k]);
            init.Emit(OpCodes.Stelem_Ref);
        }
        init.Emit(OpCodes.Stsfld, names);
        init.Emit(OpCodes.Ret);
        counter.Methods.Add(cctor);
        module.Types.Add(counter);
        assembly.Write(output);
        return methods;
    }

    private static void CountBlocks(Mono.Cecil.Cil.MethodBody body, FieldReference calls, FieldReference perMethod, int id)
    {
        body.SimplifyMacros(); // long branch forms: the added code must not push a short branch out of range
        List<Instruction> code = body.Instructions.ToList();
        var leaders = new HashSet<Instruction> { code[0] };
        foreach (Instruction i in code)
        {
            if (i.Operand is Instruction target) leaders.Add(target);
            if (i.Operand is Instruction[] targets) leaders.UnionWith(targets);
            if (i.Next != null && i.OpCode.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Return or FlowControl.Throw)
                leaders.Add(i.Next);
        }
        foreach (ExceptionHandler h in body.ExceptionHandlers)
        {
            foreach (Instruction? i in new[] { h.TryStart, h.TryEnd, h.HandlerStart, h.HandlerEnd, h.FilterStart })
                if (i != null) leaders.Add(i);
        }
        ILProcessor il = body.GetILProcessor();
        var counted = new Dictionary<Instruction, Instruction>(); // a block's first instruction → the first of its counter
        for (int k = 0; k < code.Count; k++)
        {
            if (!leaders.Contains(code[k])) continue;
            int size = 1;
            while (k + size < code.Count && !leaders.Contains(code[k + size])) size++;
            counted[code[k]] = AddToElement(il, code[k], perMethod, id, size);
        }
        Instruction entry = counted[code[0]];
        Add(il, entry, calls, 1);
        // Branches, switches and handler bounds that named a block's first instruction now name its counter (the
        // counter code is stack-neutral, so a block entered with values on the stack still works).
        foreach (Instruction i in code)
        {
            if (i.Operand is Instruction target && counted.TryGetValue(target, out Instruction? t)) i.Operand = t;
            if (i.Operand is Instruction[] targets)
                for (int j = 0; j < targets.Length; j++)
                    if (counted.TryGetValue(targets[j], out Instruction? tj)) targets[j] = tj;
        }
        Instruction? Map(Instruction? i) => i != null && counted.TryGetValue(i, out Instruction? m) ? m : i;
        foreach (ExceptionHandler h in body.ExceptionHandlers)
        {
            h.TryStart = Map(h.TryStart);
            h.TryEnd = Map(h.TryEnd);
            h.HandlerStart = Map(h.HandlerStart);
            h.HandlerEnd = Map(h.HandlerEnd);
            h.FilterStart = Map(h.FilterStart);
        }
        body.OptimizeMacros();
    }

    /// <summary>Inserts "field += amount" before <paramref name="before"/>; returns the first inserted instruction.</summary>
    private static Instruction Add(ILProcessor il, Instruction before, FieldReference field, long amount)
    {
        Instruction load = il.Create(OpCodes.Ldsfld, field);
        il.InsertBefore(before, load);
        il.InsertBefore(before, il.Create(OpCodes.Ldc_I8, amount));
        il.InsertBefore(before, il.Create(OpCodes.Add));
        il.InsertBefore(before, il.Create(OpCodes.Stsfld, field));
        return load;
    }

    /// <summary>Inserts "array[index] += amount" before <paramref name="before"/>; returns the first inserted instruction.</summary>
    private static Instruction AddToElement(ILProcessor il, Instruction before, FieldReference array, int index, long amount)
    {
        Instruction[] code =
        {
            il.Create(OpCodes.Ldsfld, array), il.Create(OpCodes.Ldc_I4, index), il.Create(OpCodes.Ldelema, il.Body.Method.Module.TypeSystem.Int64),
            il.Create(OpCodes.Dup), il.Create(OpCodes.Ldind_I8), il.Create(OpCodes.Ldc_I8, amount), il.Create(OpCodes.Add),
            il.Create(OpCodes.Stind_I8),
        };
        foreach (Instruction i in code) il.InsertBefore(before, i);
        return code[0];
    }

    /// <summary>Binds NfAtip.Core to the counted copy, and the assemblies that use it (host adapters, module simulator) to copies in this context.</summary>
    private sealed class CountingContext(string core) : AssemblyLoadContext("nf-atip-il-count")
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == "NfAtip.Core") return LoadFromAssemblyPath(core);
            if (name.Name == "NfAtip.HostAdapters" || name.Name == "NfAtip.ModemSim") return LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, name.Name + ".dll"));
            return null; // the BCL and packages: shared with the default context
        }
    }
}

/// <summary>
/// The operations of issue H's table, run inside the counting context (see <see cref="IlCount"/>). Each figure is
/// the mean over <see cref="Repeats"/> runs after a warm-up, so one-time work (first use of a table, start-up)
/// is not in it.
/// </summary>
public static class IlWorkloads
{
    private const int Repeats = 10;

    /// <param name="detail">Add to each row the ten methods that ran the most of its IL.</param>
    public static string[][] Rows(bool detail)
    {
        var board = new BenchBoard(new RamFlash(4096, 8));
        for (int i = 0; i < 200; i++) board.Board.Step(0); // the module start-up against the OK radio
        Scenarios.Check(board); // the counted copy answers as the core does
        bool flip = false;
        return new[]
        {
            Row(detail, "`AT` (echo + OK)", 300, () => board.Send(InterpreterBenchmarks.At)),
            Row(detail, "`AT#PPPMODE?`", 800, () => board.Send(InterpreterBenchmarks.PppModeQuery)),
            Row(detail, "`AT#VALL`", 15000, () => board.Send(InterpreterBenchmarks.Vall)),
            Row(detail, "`AT#TCPPORT=n` with save (RamFlash)", 3000, () => board.Send((flip = !flip) ? InterpreterBenchmarks.TcpPortA : InterpreterBenchmarks.TcpPortB)),
            Row(detail, "idle `Board.Step`", 150, () => board.Board.Step(0)),
            PerByte(detail, "pump socket → host, per byte (DLE coded)", 8, PumpBytes, () => PumpToHost()),
            PerByte(detail, "pump host → socket, per byte (DLE coded)", 8, PumpBytes, () => PumpToNet()),
            FtpGetPerByte(detail),
        };
    }

    private const int FtpSmall = 64 * 1024, FtpLarge = 576 * 1024;

    /// <summary>
    /// AT#FTPGET's data path (socket → DLE coding → host line), IL per byte: whole AT#FTPGETs (login, transfer, QUIT)
    /// of a 64 KB and a 576 KB file from pyftpdlib on loopback, the difference over the 512 KB between them, so the
    /// session's fixed cost drops out. Every byte is checked on the host side (which is not counted).
    /// </summary>
    private static string[] FtpGetPerByte(bool detail)
    {
        string root = Directory.CreateTempSubdirectory("nf-atip-il-ftp-").FullName;
        try
        {
            var random = new Random(16);
            byte[] small = new byte[FtpSmall], large = new byte[FtpLarge];
            random.NextBytes(small);
            random.NextBytes(large);
            File.WriteAllBytes(Path.Combine(root, "small.bin"), small);
            File.WriteAllBytes(Path.Combine(root, "large.bin"), large);
            using var server = PyFtpServer.Start(root, "user", "secret");
            var host = new FtpGetBenchmark.CheckingHostLine();
            Board board = FtpGetBenchmark.StartBoard(host, server.Port, "small.bin");
            string[] a = Row(false, "small", 0, () => FtpGetBenchmark.BoardGet(board, host, small, out _));
            FtpGetBenchmark.SetFile(board, host, "large.bin");
            string[] b = Row(detail, "large", 0, () => FtpGetBenchmark.BoardGet(board, host, large, out _));
            double Value(string[] row, int column) => double.Parse(row[column], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            double il = (Value(b, 1) - Value(a, 1)) / (FtpLarge - FtpSmall);
            double calls = (Value(b, 2) - Value(a, 2)) / (FtpLarge - FtpSmall);
            var row = new List<string>
            {
                "`AT#FTPGET` data path, per byte (DLE coded)", il.ToString("N1", CultureInfo.InvariantCulture),
                calls.ToString("N2", CultureInfo.InvariantCulture), "≤ 8", il <= 8 ? "yes" : "no",
            };
            row.AddRange(b.Skip(5)); // the methods of the 576 KB AT#FTPGET, per operation
            return row.ToArray();
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    /// <summary>Bytes one pump row moves (random: about 0.8 % of them ETX or DLE, escaped on the host line).</summary>
    private const int PumpBytes = 16 * 1024;

    private static readonly byte[] Payload = MakePayload();
    private static readonly byte[] CodedPayload = Code(Payload);

    private static byte[] MakePayload()
    {
        var b = new byte[PumpBytes];
        new Random(16).NextBytes(b);
        return b;
    }

    private static byte[] Code(byte[] data)
    {
        var coded = new List<byte>(data.Length + 256);
        foreach (byte x in data)
        {
            if (x == Dle.Etx || x == Dle.Escape) coded.Add(Dle.Escape);
            coded.Add(x);
        }
        return coded.ToArray();
    }

    /// <summary>AT#OTCP's pump, socket → host: the payload from an in-memory peer (PumpBenchmark's ends), then its close.</summary>
    private static void PumpToHost()
    {
        var host = new PumpBenchmark.BenchHostLine();
        var pump = new DataPump(new HostPort(host), new ResponseWriter(host));
        int end = pump.Run(new PumpBenchmark.MemoryConnection(Payload, PumpBytes), true);
        if (end != DataPump.PeerClosed || pump.BytesToHost != PumpBytes) throw new InvalidOperationException("pump → host: " + end + ", " + pump.BytesToHost);
    }

    /// <summary>The pump, host → socket: the coded payload and ETX from an in-memory host, to a peer that takes it all.</summary>
    private static void PumpToNet()
    {
        var host = new PumpBenchmark.MemoryHostLine(CodedPayload, 1);
        var pump = new DataPump(new HostPort(host), new ResponseWriter(host));
        int end = pump.Run(new PumpBenchmark.SinkConnection(), true);
        if (end != DataPump.HostClosed || pump.BytesToNet != PumpBytes) throw new InvalidOperationException("pump → net: " + end + ", " + pump.BytesToNet);
    }

    /// <summary>A row whose figure is IL per byte of <paramref name="bytes"/> moved by one <paramref name="operation"/>.</summary>
    private static string[] PerByte(bool detail, string name, long budget, int bytes, Action operation)
    {
        string[] row = Row(detail, name, budget * bytes, operation);
        double il = double.Parse(row[1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture) / bytes;
        row[1] = il.ToString("N1", CultureInfo.InvariantCulture);
        row[2] = (double.Parse(row[2], NumberStyles.AllowThousands, CultureInfo.InvariantCulture) / bytes).ToString("N2", CultureInfo.InvariantCulture);
        row[3] = "≤ " + budget.ToString(CultureInfo.InvariantCulture);
        return row;
    }

    private static string[] Row(bool detail, string name, long budget, Action operation)
    {
        for (int i = 0; i < 3; i++) operation();
        Type counter = typeof(Board).Assembly.GetType(IlCount.CounterType)
            ?? throw new InvalidOperationException("NfAtip.Core is not the counted copy (run as: nf-atip-bench il)");
        long Field(string f) => (long)counter.GetField(f)!.GetValue(null)!;
        var perMethod = (long[])counter.GetField("PerMethod")!.GetValue(null)!;
        var names = (string[])counter.GetField("Names")!.GetValue(null)!;
        long calls0 = Field("Calls");
        long[] before = (long[])perMethod.Clone();
        for (int i = 0; i < Repeats; i++) operation();
        long calls = (Field("Calls") - calls0) / Repeats;
        long il = 0;
        for (int k = 0; k < perMethod.Length; k++) il += perMethod[k] - before[k];
        il /= Repeats;
        var row = new List<string>
        {
            name, il.ToString("N0", CultureInfo.InvariantCulture), calls.ToString("N0", CultureInfo.InvariantCulture),
            "≤ " + budget.ToString("N0", CultureInfo.InvariantCulture), il <= budget ? "yes" : "no",
        };
        if (detail)
            row.AddRange(Enumerable.Range(0, names.Length).Select(k => (Name: names[k], Il: (perMethod[k] - before[k]) / Repeats))
                .Where(m => m.Il > 0).OrderByDescending(m => m.Il).Take(10)
                .Select(m => m.Il.ToString("N0", CultureInfo.InvariantCulture).PadLeft(8) + "  " + m.Name));
        return row.ToArray();
    }
}
