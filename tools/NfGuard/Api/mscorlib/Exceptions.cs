// Exception types of mscorlib, nanoFramework.CoreLibrary stable 1.x (nanoframework/CoreLibrary,
// nanoFramework.CoreLibrary/System/*Exception.cs, System/IO/IOException.cs,
// System/Threading/ThreadAbortException.cs). Signatures only, written for the guard.
namespace System
{
    public class Exception
    {
        public Exception() { }
        public Exception(string message) { }
        public Exception(string message, Exception innerException) { }
        public virtual string Message { get { throw null; } }
        public Exception InnerException { get { throw null; } }
        public virtual string StackTrace { get { throw null; } }
        public override string ToString() { throw null; }
    }

    public class SystemException : Exception
    {
        public SystemException() { }
        public SystemException(string message) { }
        public SystemException(string message, Exception innerException) { }
    }

    public class ApplicationException : Exception
    {
        public ApplicationException() { }
        public ApplicationException(string message) { }
        public ApplicationException(string message, Exception innerException) { }
    }

    public class ArgumentException : SystemException
    {
        public ArgumentException() { }
        public ArgumentException(string message) { }
        public ArgumentException(string message, Exception innerException) { }
        public ArgumentException(string message, string paramName) { }
        public ArgumentException(string message, string paramName, Exception innerException) { }
        public virtual string ParamName { get { throw null; } }
    }

    public class ArgumentNullException : ArgumentException
    {
        public ArgumentNullException() { }
        public ArgumentNullException(string argument) { }
        public ArgumentNullException(string paramName, string message) { }
    }

    public class ArgumentOutOfRangeException : ArgumentException
    {
        public ArgumentOutOfRangeException() { }
        public ArgumentOutOfRangeException(string paramName) { }
        public ArgumentOutOfRangeException(string paramName, string message) { }
    }

    public class AppDomainUnloadedException : SystemException { public AppDomainUnloadedException() { } public AppDomainUnloadedException(string message) { } }
    public class ArrayTypeMismatchException : SystemException { public ArrayTypeMismatchException() { } public ArrayTypeMismatchException(string message) { } }
    public class FormatException : SystemException { public FormatException() { } public FormatException(string message) { } public FormatException(string message, Exception innerException) { } }
    public sealed class IndexOutOfRangeException : SystemException { public IndexOutOfRangeException() { } public IndexOutOfRangeException(string message) { } }
    public class InvalidCastException : SystemException { public InvalidCastException() { } public InvalidCastException(string message) { } }
    public class InvalidOperationException : SystemException { public InvalidOperationException() { } public InvalidOperationException(string message) { } public InvalidOperationException(string message, Exception innerException) { } }
    public class NotImplementedException : SystemException { public NotImplementedException() { } public NotImplementedException(string message) { } }
    public class NotSupportedException : SystemException { public NotSupportedException() { } public NotSupportedException(string message) { } }
    public class NullReferenceException : SystemException { public NullReferenceException() { } public NullReferenceException(string message) { } }
    public class ObjectDisposedException : InvalidOperationException { public ObjectDisposedException() { } public ObjectDisposedException(string objectName) { } public ObjectDisposedException(string objectName, string message) { } }
    public sealed class OutOfMemoryException : SystemException { public OutOfMemoryException() { } public OutOfMemoryException(string message) { } }
    public class PlatformNotSupportedException : NotSupportedException { public PlatformNotSupportedException() { } public PlatformNotSupportedException(string message) { } }
}

namespace System.IO
{
    public class IOException : SystemException
    {
        public IOException() { }
        public IOException(string message) { }
        public IOException(string message, int hresult) { }
    }
}

namespace System.Threading
{
    public sealed class ThreadAbortException : SystemException { }
}
