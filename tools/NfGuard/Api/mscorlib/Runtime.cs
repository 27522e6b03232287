// Collections, threading, diagnostics and stream types of mscorlib, nanoFramework.CoreLibrary stable
// 1.x (nanoframework/CoreLibrary: System/Collections/*.cs, System/Threading/*.cs,
// System/Diagnostics/Debug.cs, Debugger.cs, System/IO/Stream.cs, SeekOrigin.cs). Hashtable, Queue and
// Stack are not here: they ship in the separate nanoFramework.System.Collections package.
namespace System.Collections
{
    public interface IEnumerable { IEnumerator GetEnumerator(); }

    public interface IEnumerator
    {
        object Current { get; }
        bool MoveNext();
        void Reset();
    }

    public interface ICollection : IEnumerable
    {
        int Count { get; }
        bool IsSynchronized { get; }
        object SyncRoot { get; }
        void CopyTo(Array array, int index);
    }

    public interface IList : ICollection
    {
        object this[int index] { get; set; }
        bool IsFixedSize { get; }
        bool IsReadOnly { get; }
        int Add(object value);
        void Clear();
        bool Contains(object value);
        int IndexOf(object value);
        void Insert(int index, object value);
        void Remove(object value);
        void RemoveAt(int index);
    }

    public interface IComparer { int Compare(object x, object y); }
    public interface IEqualityComparer { new bool Equals(object x, object y); int GetHashCode(object obj); }

    public class ArrayList : IList, ICloneable
    {
        public ArrayList() { }
        public virtual int Capacity { get { throw null; } set { } }
        public virtual int Count { get { throw null; } }
        public virtual bool IsFixedSize { get { throw null; } }
        public virtual bool IsReadOnly { get { throw null; } }
        public virtual bool IsSynchronized { get { throw null; } }
        public virtual object SyncRoot { get { throw null; } }
        public virtual object this[int index] { get { throw null; } set { } }
        public virtual int Add(object value) { throw null; }
        public virtual int BinarySearch(object value, IComparer comparer) { throw null; }
        public virtual void Clear() { }
        public virtual object Clone() { throw null; }
        public virtual bool Contains(object item) { throw null; }
        public virtual void CopyTo(Array array) { }
        public virtual void CopyTo(Array array, int arrayIndex) { }
        public virtual IEnumerator GetEnumerator() { throw null; }
        public virtual int IndexOf(object value) { throw null; }
        public virtual int IndexOf(object value, int startIndex) { throw null; }
        public virtual int IndexOf(object value, int startIndex, int count) { throw null; }
        public virtual void Insert(int index, object value) { }
        public virtual void Remove(object obj) { }
        public virtual void RemoveAt(int index) { }
        public virtual object[] ToArray() { throw null; }
        public virtual Array ToArray(Type type) { throw null; }
    }
}

namespace System.Threading
{
    public delegate void ThreadStart();
    public delegate void TimerCallback(object state);

    public enum ThreadPriority { Lowest = 0, BelowNormal = 1, Normal = 2, AboveNormal = 3, Highest = 4 }

    [Flags]
    public enum ThreadState { Running = 0, StopRequested = 1, SuspendRequested = 2, Background = 4, Unstarted = 8, Stopped = 16, WaitSleepJoin = 32, Suspended = 64, AbortRequested = 128, Aborted = 256 }

    public sealed class Thread
    {
        public Thread(ThreadStart start) { }
        public void Start() { }
        public void Abort() { }
        public void Suspend() { }
        public void Resume() { }
        public ThreadPriority Priority { get { throw null; } set { } }
        public int ManagedThreadId { get { throw null; } }
        public bool IsAlive { get { throw null; } }
        public ThreadState ThreadState { get { throw null; } }
        public void Join() { }
        public bool Join(int millisecondsTimeout) { throw null; }
        public bool Join(TimeSpan timeout) { throw null; }
        public static void Sleep(int millisecondsTimeout) { }
        public static void Sleep(TimeSpan timeout) { }
        public static Thread CurrentThread { get { throw null; } }
    }

    public static class Monitor
    {
        public static void Enter(object obj) { }
        public static void Exit(object obj) { }
    }

    public static class Interlocked
    {
        public static int Increment(ref int location) { throw null; }
        public static int Decrement(ref int location) { throw null; }
        public static int Exchange(ref int location1, int value) { throw null; }
        public static int CompareExchange(ref int location1, int value, int comparand) { throw null; }
    }

    public static class Timeout
    {
        public const int Infinite = -1;
        public static readonly TimeSpan InfiniteTimeSpan;
    }

    public abstract class WaitHandle : MarshalByRefObject
    {
        public const int WaitTimeout = 0x102;
        public virtual bool WaitOne() { throw null; }
        public virtual bool WaitOne(int millisecondsTimeout, bool exitContext) { throw null; }
        public virtual bool WaitOne(TimeSpan timeout, bool exitContext) { throw null; }
        public static bool WaitAll(WaitHandle[] waitHandles) { throw null; }
        public static bool WaitAll(WaitHandle[] waitHandles, int millisecondsTimeout, bool exitContext) { throw null; }
        public static int WaitAny(WaitHandle[] waitHandles) { throw null; }
        public static int WaitAny(WaitHandle[] waitHandles, int millisecondsTimeout, bool exitContext) { throw null; }
    }

    public sealed class AutoResetEvent : WaitHandle
    {
        public AutoResetEvent(bool initialState) { }
        public bool Reset() { throw null; }
        public bool Set() { throw null; }
    }

    public sealed class ManualResetEvent : WaitHandle
    {
        public ManualResetEvent(bool initialState) { }
        public bool Reset() { throw null; }
        public bool Set() { throw null; }
    }

    public sealed class Timer : MarshalByRefObject, IDisposable
    {
        public Timer(TimerCallback callback, object state, int dueTime, int period) { }
        public Timer(TimerCallback callback, object state, TimeSpan dueTime, TimeSpan period) { }
        public bool Change(int dueTime, int period) { throw null; }
        public bool Change(TimeSpan dueTime, TimeSpan period) { throw null; }
        public void Dispose() { }
    }
}

namespace System.Diagnostics
{
    public static class Debug
    {
        [Conditional("DEBUG")] public static void Assert(bool condition) { }
        [Conditional("DEBUG")] public static void Assert(bool condition, string message) { }
        [Conditional("DEBUG")] public static void Write(string message) { }
        [Conditional("DEBUG")] public static void WriteLine(string message) { }
    }

    public static class Debugger
    {
        public static bool IsAttached { get { throw null; } }
        public static void Break() { }
    }
}

namespace System.IO
{
    public enum SeekOrigin { Begin = 0, Current = 1, End = 2 }

    public abstract class Stream : MarshalByRefObject, IDisposable
    {
        public abstract bool CanRead { get; }
        public abstract bool CanSeek { get; }
        public virtual bool CanTimeout { get { throw null; } }
        public abstract bool CanWrite { get; }
        public abstract long Length { get; }
        public abstract long Position { get; set; }
        public virtual int ReadTimeout { get { throw null; } set { } }
        public virtual int WriteTimeout { get { throw null; } set { } }
        public virtual void Close() { }
        public void Dispose() { }
        protected virtual void Dispose(bool disposing) { }
        public abstract void Flush();
        public abstract int Read(byte[] buffer, int offset, int count);
        public virtual int ReadByte() { throw null; }
        public abstract long Seek(long offset, SeekOrigin origin);
        public abstract void SetLength(long value);
        public abstract void Write(byte[] buffer, int offset, int count);
        public virtual void WriteByte(byte value) { }
    }
}
