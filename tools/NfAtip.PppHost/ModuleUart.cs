using System;
using System.Net.Sockets;
using System.Threading;
using NfAtip.Device;
using NfAtip.Platform;
using NfAtip.Ppp;

namespace NfAtip.PppHost
{
    /// <summary>
    /// The module's UART on the PC, handed between the radio driver and the PPP session core as on the board
    /// (IPppUartHandover; firmware SerialPortLine does the same with the ESP32's UART driver). The module is any
    /// ISerialLine: the simulated module, or a real one on a serial port. While the managed side owns it, this
    /// line passes reads and writes through. ReleaseForPpp gives it to native code: a socket pair, one end the
    /// session core's "UART" file descriptor (NativePpp.UseLine), the other pumped to and from the module by two
    /// threads of this class; the managed line is quiet meanwhile (Read waits and returns 0, Write drops), since
    /// nothing of the core may talk to the module while PPP runs over the call. ReclaimAfterPpp, called once the
    /// native side has let the line go, stops the pumps and passes through again.
    /// </summary>
    public sealed class ModuleUart : ISerialLine, IPppUartHandover, IDisposable
    {
        private const int PumpReadMs = 20;

        private readonly ISerialLine _module;
        private readonly object _gate = new object();
        private Handover _handover; // non-null while the native side owns the line

        public ModuleUart(ISerialLine module)
        {
            _module = module ?? throw new ArgumentNullException(nameof(module));
        }

        /// <summary>True while the PPP session core owns the line.</summary>
        public bool Released
        {
            get { lock (_gate) return _handover != null; }
        }

        /// <summary>Bytes pumped module → PPP and PPP → module over all sessions.</summary>
        public long BytesToPpp => Interlocked.Read(ref _toPpp);
        public long BytesFromPpp => Interlocked.Read(ref _fromPpp);
        private long _toPpp, _fromPpp;

        public int Read(byte[] buffer, int offset, int count, int timeoutMs)
        {
            if (Released)
            {
                Thread.Sleep(Math.Max(0, Math.Min(timeoutMs, 50)));
                return 0;
            }
            return _module.Read(buffer, offset, count, timeoutMs);
        }

        public void Write(byte[] buffer, int offset, int count)
        {
            if (Released) return;
            _module.Write(buffer, offset, count);
        }

        public void Configure(int baudRate, bool hardwareFlowControl) => _module.Configure(baudRate, hardwareFlowControl);

        public void ReleaseForPpp()
        {
            lock (_gate)
            {
                if (_handover != null) return;
                _handover = new Handover(this);
                NativePpp.UseLine(_handover.NativeEnd);
            }
        }

        public void ReclaimAfterPpp()
        {
            Handover h;
            lock (_gate)
            {
                h = _handover;
                _handover = null;
            }
            h?.Stop();
        }

        public void Dispose() => ReclaimAfterPpp();

        /// <summary>One session's socket pair and its two pump threads.</summary>
        private sealed class Handover
        {
            private readonly ModuleUart _owner;
            private readonly Socket _managed;
            private readonly Socket _native;
            private readonly Thread _up, _down;
            private volatile bool _stop;

            public Handover(ModuleUart owner)
            {
                _owner = owner;
                (_managed, _native) = SocketPair.Create();
                _up = new Thread(ModuleToPpp) { IsBackground = true, Name = "ModuleUart module→PPP" };
                _down = new Thread(PppToModule) { IsBackground = true, Name = "ModuleUart PPP→module" };
                _up.Start();
                _down.Start();
            }

            public IntPtr NativeEnd => _native.Handle;

            private void ModuleToPpp()
            {
                var buffer = new byte[2048];
                while (!_stop)
                {
                    int n = _owner._module.Read(buffer, 0, buffer.Length, PumpReadMs);
                    if (n < 0) break; // the module line is gone for good: PPP notices the silence
                    if (n == 0) continue;
                    try
                    {
                        for (int sent = 0; sent < n;) sent += _managed.Send(buffer, sent, n - sent, SocketFlags.None);
                    }
                    catch (SocketException) { break; }
                    catch (ObjectDisposedException) { break; }
                    Interlocked.Add(ref _owner._toPpp, n);
                }
            }

            private void PppToModule()
            {
                var buffer = new byte[2048];
                while (!_stop)
                {
                    int n;
                    try
                    {
                        n = _managed.Receive(buffer);
                    }
                    catch (SocketException) { break; }
                    catch (ObjectDisposedException) { break; }
                    if (n <= 0) break;
                    if (_stop) break; // the session is over: its last bytes must not reach the module's command mode
                    _owner._module.Write(buffer, 0, n);
                    Interlocked.Add(ref _owner._fromPpp, n);
                }
            }

            public void Stop()
            {
                _stop = true;
                try { _managed.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
                _up.Join();
                _down.Join();
                _managed.Dispose();
                _native.Dispose();
            }
        }
    }
}
