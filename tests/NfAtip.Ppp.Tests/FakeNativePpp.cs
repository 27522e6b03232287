// Scripted stand-in for the interop's managed face (firmware/NfAtip/Ppp/NativePpp.cs, same names and
// signatures), so LwipPppLink.cs compiles and runs here unchanged. Static, like the real one: the tests
// that use it are in one class (LwipPppLinkTests), which xunit runs one test at a time.
namespace NfAtip.Ppp
{
    public static class NativePpp
    {
        public static FakeSession Session = new FakeSession();

        public static int Open(int uart, int baudRate, int txPin, int rxPin, int rtsPin, int ctsPin,
            bool server, string user, string password, uint ourAddress, uint peerAddress)
        {
            FakeSession s = Session;
            if (s.Missing) throw new NotSupportedException();   // nf-interpreter: an InternalCall with no native code
            s.Calls.Add("Open");
            s.OpenArgs = new object[] { uart, baudRate, txPin, rxPin, rtsPin, ctsPin, server, user, password, ourAddress, peerAddress };
            if (s.UartTaken()) return -2;                          // the managed driver is still installed
            if (s.OpenResult != 0) return s.OpenResult;
            s.Status = 1;
            return 0;
        }

        public static int Status()
        {
            FakeSession s = Session;
            if (s.Missing) throw new NotSupportedException();
            return s.Status;
        }

        public static uint GetAddress(int which)
        {
            FakeSession s = Session;
            if (s.Missing) throw new NotSupportedException();
            return s.Addresses[which];
        }

        public static void Close()
        {
            FakeSession s = Session;
            if (s.Missing) throw new NotSupportedException();
            s.Calls.Add("Close");
            // A clean LCP termination ends the session.
            if (s.TerminatesOnClose) s.Status = 3;
        }

        public static int Release()
        {
            FakeSession s = Session;
            if (s.Missing) throw new NotSupportedException();
            s.Calls.Add("Release");
            // The native side still ending (lwIP not dead yet, the receive task not stopped): call again.
            if (s.ReleasePending > 0)
            {
                s.ReleasePending--;
                return 1;
            }
            s.Status = 0;
            return 0;
        }

        public static int Input(byte[] data, int offset, int count)
        {
            FakeSession s = Session;
            if (s.Missing) throw new NotSupportedException();
            s.Calls.Add("Input");
            if (s.Status != 1 && s.Status != 2) return 0;
            s.Input.AddRange(new ArraySegment<byte>(data, offset, count));
            return count;
        }
    }

    public sealed class FakeSession
    {
        /// <summary>An image without the native assembly: every call throws.</summary>
        public bool Missing;

        /// <summary>Open's result once the UART is free (0: negotiation started).</summary>
        public int OpenResult;

        /// <summary>NativePpp.Status: state in the low byte, lwIP's PPPERR_* in the second.</summary>
        public int Status;

        public uint[] Addresses = new uint[4];

        /// <summary>What Input gave the session (the bytes behind CONNECT).</summary>
        public List<byte> Input = new List<byte>();

        public bool TerminatesOnClose = true;

        /// <summary>How many Release calls answer 1 (still ending) before one frees the session.</summary>
        public int ReleasePending;

        /// <summary>Whether the managed side still holds the UART when Open is called.</summary>
        public Func<bool> UartTaken = () => false;

        public object[] OpenArgs;

        /// <summary>NativePpp calls in order (Open, Close, Release), merged with the hand-over's by the tests.</summary>
        public List<string> Calls = new List<string>();
    }
}
