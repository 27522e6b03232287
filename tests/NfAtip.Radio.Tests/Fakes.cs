using System.Text;
using NfAtip.Platform;
using NfAtip.TestSupport;

namespace NfAtip.Radio.Tests;

/// <summary>
/// A scripted module on a fake clock: each command line gets the text <see cref="Answer"/> returns
/// (raw, framing included) after <see cref="DelayMs"/> of fake time, or nothing (null, or while
/// <see cref="Silent"/>). A read that would wait moves the clock instead, so timeouts elapse at once.
/// </summary>
public sealed class FakeModule : ISerialLine
{
    private readonly FakeClock _clock;
    private readonly List<(long due, byte[] data)> _pending = new();
    private readonly StringBuilder _line = new();

    public FakeModule(FakeClock clock) => _clock = clock;

    public Func<string, string?> Answer { get; set; } = _ => "\r\nOK\r\n";
    public bool Echo { get; set; }
    public bool Silent { get; set; }
    public int DelayMs { get; set; }
    public List<string> Received { get; } = new();
    public bool Closed { get; set; }

    public void Inject(string raw, int afterMs = 0) => Add(_clock.TickMs + afterMs, Encoding.Latin1.GetBytes(raw));

    public void InjectBytes(byte[] raw) => Add(_clock.TickMs, raw);

    /// <summary>Keeps the pending output ordered by due time, first come first served at equal times.</summary>
    private void Add(long due, byte[] data)
    {
        int i = _pending.Count;
        while (i > 0 && _pending[i - 1].due > due) i--;
        _pending.Insert(i, (due, data));
    }

    public int Read(byte[] buffer, int offset, int count, int timeoutMs)
    {
        if (Closed && _pending.Count == 0) return -1;
        if (_pending.Count == 0 || _pending[0].due > _clock.TickMs)
        {
            long next = _pending.Count > 0 ? _pending[0].due : long.MaxValue;
            if (next <= _clock.TickMs + timeoutMs) _clock.TickMs = next;
            else
            {
                _clock.TickMs += Math.Max(0, timeoutMs);
                return 0;
            }
        }
        var (due, data) = _pending[0];
        int n = Math.Min(count, data.Length);
        Array.Copy(data, 0, buffer, offset, n);
        if (n == data.Length) _pending.RemoveAt(0);
        else _pending[0] = (due, data[n..]);
        return n;
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        if (Silent) return;
        for (int i = offset; i < offset + count; i++)
        {
            char c = (char)buffer[i];
            if (c == '\r')
            {
                string cmd = _line.ToString();
                _line.Clear();
                Received.Add(cmd);
                if (Echo) Inject(cmd + "\r");
                string? answer = Answer(cmd);
                if (answer != null) Inject(answer, DelayMs);
            }
            else _line.Append(c);
        }
    }

    public void Configure(int baudRate, bool hardwareFlowControl) { }
}

/// <summary>Counts the control-line operations; <see cref="OnPower"/> lets a test revive its module.</summary>
public sealed class FakeControl : IModemControl
{
    public bool HasPowerKey { get; set; } = true;
    public int PowerOns, PowerOffs, Resets;
    public Action? OnPower;
    public void PowerOn() { PowerOns++; OnPower?.Invoke(); }
    public void PowerOff() => PowerOffs++;
    public void Reset() { Resets++; OnPower?.Invoke(); }
    public void SetDtr(bool asserted) { }
    public bool RingIndicator => false;
    public int RingCount => 0;
    /// <summary>The module the driver told the control lines about, or null.</summary>
    public ModuleProfile? Module;
    public void UseModule(ModuleProfile module) => Module = module;
}
