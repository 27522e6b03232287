using System.Text;
using NfAtip.Platform;
using NfAtip.Radio;

namespace NfAtip.Host;

/// <summary>
/// <c>--trace FILE</c> (or <c>-</c>: stderr): what the board says to its module and what the module answers,
/// and each change of the module driver's and the link's state, one line each, stamped with the board's
/// clock (ms since the board started; board time on <c>--clock simulated</c>). The PPP frames of a data call
/// are carried by the PPP session itself, not this line: the link's states show how the negotiation went.
/// </summary>
public sealed class Trace : IDisposable
{
    private readonly TextWriter _out;
    private readonly bool _owned;
    private readonly IClock _clock;
    private readonly long _start;
    private readonly object _gate = new();
    private string? _radio, _link;

    public Trace(string path, IClock clock)
    {
        _clock = clock;
        _start = clock.TickMs;
        if (path == "-") _out = Console.Error;
        else
        {
            _out = new StreamWriter(path, append: false, new UTF8Encoding(false)) { AutoFlush = true };
            _owned = true;
        }
    }

    /// <summary>The module line, traced both ways.</summary>
    public ISerialLine Line(ISerialLine radio) => new TracedLine(this, radio);

    /// <summary>Called after each board step: logs the module driver's and the link's state when they changed.</summary>
    public void Watch(Board board)
    {
        string radio = board.Radio.State.ToString();
        string link = board.Link.StateName ?? "NO SERVICE";
        if (radio != _radio) Write("radio", radio);
        if (link != _link) Write("link", link);
        _radio = radio;
        _link = link;
    }

    private void Write(string tag, string text)
    {
        lock (_gate) _out.WriteLine($"{_clock.TickMs - _start,9} ms {tag} {text}");
    }

    /// <summary>Bytes as text a terminal shows safely: printable ASCII as is, the rest &lt;CR&gt; &lt;LF&gt; &lt;HH&gt;.</summary>
    public static string Show(byte[] buffer, int offset, int count)
    {
        var sb = new StringBuilder(count);
        for (int i = offset; i < offset + count; i++)
        {
            byte b = buffer[i];
            if (b == 13) sb.Append("<CR>");
            else if (b == 10) sb.Append("<LF>");
            else if (b >= 0x20 && b < 0x7F && b != (byte)'<') sb.Append((char)b);
            else sb.Append('<').Append(b.ToString("X2")).Append('>');
        }
        return sb.ToString();
    }

    public void Dispose()
    {
        if (_owned) _out.Dispose();
    }

    private sealed class TracedLine(Trace trace, ISerialLine inner) : ISerialLine
    {
        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            int n = inner.Read(buffer, offset, count, timeoutMs);
            if (n > 0) trace.Write("<<", Show(buffer, offset, n));
            return n;
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            trace.Write(">>", Show(buffer, offset, count));
            inner.Write(buffer, offset, count);
        }

        public void Configure(int baudRate, bool hardwareFlowControl) => inner.Configure(baudRate, hardwareFlowControl);
    }
}
