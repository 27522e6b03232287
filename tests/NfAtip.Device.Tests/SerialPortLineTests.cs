using System.Diagnostics;
using System.IO.Ports;
using System.Text;
using NfAtip.Device;

namespace NfAtip.Device.Tests;

/// <summary>
/// SerialPortLine (firmware/NfAtip/SerialPortLine.cs) over FakeSerialPort: the module UART handed to the
/// native PPP session and taken back. Each test uses its own port name, so the fake UARTs never mix.
/// </summary>
public class SerialPortLineTests
{
    private static int _next;

    private static (SerialPortLine Line, FakeUart Uart) NewLine(bool flowPins = false)
    {
        string name = "COMT" + Interlocked.Increment(ref _next);
        var line = new SerialPortLine(name, 115200, flowPins);
        return (line, FakeUart.Get(name));
    }

    private static string ReadText(SerialPortLine line, int timeoutMs)
    {
        byte[] buffer = new byte[64];
        int n = line.Read(buffer, 0, buffer.Length, timeoutMs);
        return n < 0 ? "<closed>" : Encoding.ASCII.GetString(buffer, 0, n);
    }

    [Fact]
    public void Reads_and_writes_through_the_open_port()
    {
        var (line, uart) = NewLine();
        uart.Send("OK\r\n");
        Assert.Equal("OK\r\n", ReadText(line, 100));
        line.Write(Encoding.ASCII.GetBytes("AT\r"), 0, 3);
        Assert.Equal("AT\r", uart.WrittenText);
        Assert.Equal(0, line.Read(new byte[8], 0, 8, 10));
    }

    [Fact]
    public void Release_uninstalls_the_managed_driver_so_the_native_session_can_take_the_uart()
    {
        var (line, uart) = NewLine();
        Assert.False(uart.TakeForNative());   // the managed port holds it

        line.ReleaseForPpp();

        Assert.True(line.Released);
        Assert.Equal(UartDriver.None, uart.Driver);
        Assert.True(uart.TakeForNative());
    }

    [Fact]
    public void While_released_read_times_out_with_0_not_closed_and_leaves_the_bytes_to_the_session()
    {
        var (line, uart) = NewLine();
        line.ReleaseForPpp();
        uart.TakeForNative();
        uart.Send("~\x7d\x23");   // PPP frame bytes: the native session's, not the radio driver's

        Assert.Equal(0, line.Read(new byte[8], 0, 8, 20));
        Assert.Equal(3, uart.Incoming.Count);
    }

    [Fact]
    public void A_release_landing_during_a_write_drops_the_bytes_instead_of_throwing()
    {
        // The write has taken the port; the PPP hand-over disposes it before the bytes go out.
        var (line, uart) = NewLine();
        uart.BeforeWrite = () => { uart.BeforeWrite = null; line.ReleaseForPpp(); };
        line.Write(Encoding.ASCII.GetBytes("AT\r"), 0, 3);
        Assert.True(line.Released);
        Assert.Equal("", uart.WrittenText);
    }

    [Fact]
    public void A_disposed_port_while_not_released_is_a_real_fault()
    {
        var (line, uart) = NewLine();
        uart.BeforeWrite = () => { uart.BeforeWrite = null; ((IDisposable)uart.Instance).Dispose(); };
        Assert.Throws<ObjectDisposedException>(() => line.Write(Encoding.ASCII.GetBytes("AT\r"), 0, 3));
    }

    [Fact]
    public void While_released_writes_are_dropped()
    {
        var (line, uart) = NewLine();
        line.ReleaseForPpp();
        line.Write(Encoding.ASCII.GetBytes("+++"), 0, 3);
        Assert.Equal("", uart.WrittenText);
    }

    [Fact]
    public void Reclaim_opens_a_new_port_with_the_same_settings_and_reads_work_again()
    {
        var (line, uart) = NewLine(flowPins: true);
        line.Configure(57600, true);
        line.ReleaseForPpp();
        uart.TakeForNative();
        uart.GiveBackFromNative();

        line.ReclaimAfterPpp();

        Assert.False(line.Released);
        Assert.Equal(2, uart.OpenCount);
        Assert.Equal((57600, Handshake.RequestToSend), uart.Opens[1]);
        uart.Send("NO CARRIER\r\n");
        Assert.Equal("NO CARRIER\r\n", ReadText(line, 100));
        line.Write(Encoding.ASCII.GetBytes("ATH\r"), 0, 4);
        Assert.Equal("ATH\r", uart.WrittenText);
    }

    [Fact]
    public void Settings_changed_while_released_apply_at_the_reopen()
    {
        var (line, uart) = NewLine(flowPins: false);
        line.ReleaseForPpp();
        line.Configure(9600, true);   // no RTS/CTS pins on this board: flow control stays off
        line.ReclaimAfterPpp();
        Assert.Equal((9600, Handshake.None), uart.Opens[1]);
    }

    [Fact]
    public void A_reopen_refused_while_the_session_still_holds_the_uart_is_retried_by_read()
    {
        var (line, uart) = NewLine();
        line.ReleaseForPpp();
        uart.TakeForNative();

        line.ReclaimAfterPpp();   // native driver still installed: the open fails
        Assert.True(line.Released);
        Assert.Equal(1, uart.OpenCount);
        Assert.Equal(0, line.Read(new byte[8], 0, 8, 10));

        uart.GiveBackFromNative();
        uart.Send("OK\r\n");
        // The retry comes from Read, about a second after the refused attempt.
        string got = "";
        var clock = Stopwatch.StartNew();
        while (got.Length == 0 && clock.Elapsed < TimeSpan.FromSeconds(30)) got = ReadText(line, 100);
        Assert.Equal("OK\r\n", got);
        Assert.False(line.Released);
        Assert.Equal(2, uart.OpenCount);
    }

    [Fact]
    public void Release_and_reclaim_are_idempotent()
    {
        var (line, uart) = NewLine();
        line.ReclaimAfterPpp();   // not released: nothing to do
        Assert.Equal(1, uart.OpenCount);

        line.ReleaseForPpp();
        line.ReleaseForPpp();
        line.ReclaimAfterPpp();
        line.ReclaimAfterPpp();

        Assert.Equal(2, uart.OpenCount);
        Assert.Equal(UartDriver.Managed, uart.Driver);
        uart.Send("A");
        Assert.Equal("A", ReadText(line, 100));
    }

    [Fact]
    public void An_idle_read_sleeps_on_the_data_event_instead_of_polling()
    {
        // Issue H: the read polled BytesToRead every 2 ms (a 500 ms idle read looked 250 times). Now it waits
        // on DataReceived, waking at most every 100 ms: a load can only make it look fewer times.
        var (line, uart) = NewLine();
        Assert.Equal("", ReadText(line, 500));
        Assert.InRange(uart.Polls, 1, 7);
    }

    [Fact]
    public void Bytes_arriving_during_a_long_read_end_it_through_the_event()
    {
        var (line, uart) = NewLine();
        var sender = new Thread(() => { Thread.Sleep(50); uart.Send("RING\r\n"); });
        sender.Start();
        var watch = Stopwatch.StartNew();
        // A 60 s read: only the event (or the 100 ms slice) can end it early; either way well within the bound.
        string got = ReadText(line, 60_000);
        sender.Join();
        Assert.Equal("RING\r\n", got);
        Assert.True(watch.ElapsedMilliseconds < 30_000, "the read was not woken: " + watch.ElapsedMilliseconds + " ms");
    }
}
