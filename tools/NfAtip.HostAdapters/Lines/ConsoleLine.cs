using NfAtip.Platform;

namespace NfAtip.HostAdapters.Lines;

/// <summary>
/// The interactive terminal (the virtual board run with no line option). Keys are read raw, so control keys
/// reach the board as the bytes a terminal program would send: Ctrl-C = 0x03 (ETX), Ctrl-P = 0x10 (DLE),
/// Ctrl-Z = 0x1A, Enter = CR, Backspace = 0x08. <see cref="QuitKey"/> (Ctrl-] by default) ends the line, so
/// the board's Run returns. Output is made readable for a human: the board frames its answers with bare CRs
/// (the spec's exact framing), so a CR not followed by LF is shown as CR LF. This translation happens only in
/// this adapter; every other line passes bytes through untouched.
/// When standard input is not a terminal, its bytes are passed through as they are (end of input quits).
/// </summary>
public sealed class ConsoleLine : ISerialLine, IDisposable
{
    /// <summary>The byte that ends the session: Ctrl-] (0x1D), like telnet's escape.</summary>
    public const byte QuitKey = 0x1D;

    private readonly ByteQueue _queue = new();
    private readonly Stream _stdout;
    private readonly object _writeGate = new();
    private readonly bool _restoreCtrlC;
    private bool _lastWasCr;

    public ConsoleLine()
    {
        _stdout = Console.OpenStandardOutput();
        Thread reader;
        if (Console.IsInputRedirected)
        {
            reader = new Thread(PumpStream);
        }
        else
        {
            _restoreCtrlC = Console.TreatControlCAsInput;
            Console.TreatControlCAsInput = true;
            reader = new Thread(PumpKeys);
        }
        reader.IsBackground = true;
        reader.Name = "ConsoleLine reader";
        reader.Start();
    }

    private void PumpKeys()
    {
        var one = new byte[1];
        try
        {
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                int b = Translate(key);
                if (b < 0) continue;
                if (b == QuitKey) break;
                one[0] = (byte)b;
                _queue.Add(one, 0, 1);
            }
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            _queue.Complete();
        }
    }

    /// <summary>The byte a serial terminal sends for a key; -1 for keys that send nothing.</summary>
    public static int Translate(ConsoleKeyInfo key)
    {
        switch (key.Key)
        {
            case ConsoleKey.Enter: return 0x0D;
            case ConsoleKey.Backspace: return 0x08;
            case ConsoleKey.Tab: return 0x09;
            case ConsoleKey.Escape: return 0x1B;
        }
        if ((key.Modifiers & ConsoleModifiers.Control) != 0)
        {
            if (key.Key >= ConsoleKey.A && key.Key <= ConsoleKey.Z) return key.Key - ConsoleKey.A + 1;
            // xterm-style control codes 0x1C-0x1F: .NET reports 0x1D (Ctrl-]) as Ctrl+D5 with KeyChar 0.
            if (key.Key >= ConsoleKey.D4 && key.Key <= ConsoleKey.D7 && key.KeyChar is '\0' or >= '\x1C' and <= '\x1F')
                return 0x1C + (key.Key - ConsoleKey.D4);
            if (key.KeyChar == ']' || key.KeyChar == 0x1D || key.Key == ConsoleKey.Oem6) return 0x1D;
        }
        char c = key.KeyChar;
        if (c == '\0') return -1;
        if (c < 0x100) return c;
        return -1; // beyond Latin-1: a UART terminal would send UTF-8, the board speaks ASCII
    }

    private void PumpStream()
    {
        var chunk = new byte[4096];
        try
        {
            using var stdin = Console.OpenStandardInput();
            while (true)
            {
                int n = stdin.Read(chunk, 0, chunk.Length);
                if (n <= 0) break;
                _queue.Add(chunk, 0, n);
            }
        }
        catch (IOException)
        {
        }
        finally
        {
            _queue.Complete();
        }
    }

    public int Read(byte[] buffer, int offset, int count, int timeoutMs) => _queue.Take(buffer, offset, count, timeoutMs);

    /// <summary>Ends a <see cref="Read"/> that is waiting, as if its timeout had passed.</summary>
    public void Wake() => _queue.Wake();

    public void Write(byte[] buffer, int offset, int count)
    {
        lock (_writeGate)
        {
            var shown = ToDisplay(buffer, offset, count, ref _lastWasCr);
            try
            {
                _stdout.Write(shown, 0, shown.Length);
                _stdout.Flush();
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Display translation: CR becomes CR LF, and an LF right after a CR (even across writes) is dropped,
    /// so both "text\r" and "text\r\n" end the line once.
    /// </summary>
    public static byte[] ToDisplay(byte[] buffer, int offset, int count, ref bool lastWasCr)
    {
        var output = new List<byte>(count + 8);
        for (int i = offset; i < offset + count; i++)
        {
            byte b = buffer[i];
            if (b == 0x0D)
            {
                output.Add(0x0D);
                output.Add(0x0A);
                lastWasCr = true;
                continue;
            }
            if (b == 0x0A && lastWasCr)
            {
                lastWasCr = false;
                continue;
            }
            lastWasCr = false;
            output.Add(b);
        }
        return output.ToArray();
    }

    public void Configure(int baudRate, bool hardwareFlowControl)
    {
    }

    public void Dispose()
    {
        _queue.Complete();
        if (!Console.IsInputRedirected) Console.TreatControlCAsInput = _restoreCtrlC;
    }
}
