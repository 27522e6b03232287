// Public API of the System.Threading assembly (NuGet nanoFramework.System.Threading 1.1.52,
// nanoframework/System.Threading at tag v1.1.52: CancellationToken.cs, CancellationTokenSource.cs,
// OperationCanceledException.cs). System.Net 1.11.43 depends on it. Thread, Monitor, Timer,
// WaitHandle and Interlocked are mscorlib's. Signatures only, written for the guard.
namespace System.Threading
{
    public struct CancellationToken
    {
        public CancellationToken(bool canceled) { }
        public static CancellationToken None { get { throw null; } }
        public bool CanBeCanceled { get { throw null; } }
        public bool IsCancellationRequested { get { throw null; } }
        public WaitHandle WaitHandle { get { throw null; } }
        public bool Equals(CancellationToken other) { throw null; }
        public override bool Equals(object other) { throw null; }
        public override int GetHashCode() { throw null; }
        public void ThrowIfCancellationRequested() { }
    }

    public class CancellationTokenSource : IDisposable
    {
        public CancellationTokenSource() { }
        public CancellationTokenSource(int millisecondsDelay) { }
        public CancellationTokenSource(TimeSpan delay) { }
        public bool IsCancellationRequested { get { throw null; } }
        public CancellationToken Token { get { throw null; } }
        public void Cancel() { }
        public void Cancel(bool throwOnFirstException) { }
        public void CancelAfter(int millisecondsDelay) { }
        public void CancelAfter(TimeSpan delay) { }
        public void Dispose() { }
        protected virtual void Dispose(bool disposing) { }
    }

    public class OperationCanceledException : SystemException
    {
        public OperationCanceledException() { }
        public OperationCanceledException(string message) { }
        public OperationCanceledException(string message, Exception innerException) { }
    }
}
