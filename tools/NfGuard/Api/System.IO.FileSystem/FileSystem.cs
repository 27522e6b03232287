// Public API of the System.IO.FileSystem assembly (NuGet nanoFramework.System.IO.FileSystem 1.1.87,
// nanoframework/System.IO.FileSystem at tag v1.1.87: System.IO.FileSystem/FileStream.cs, File.cs, Directory.cs,
// FileMode.cs, FileAccess.cs, FileShare.cs). On ESP32 the internal SPIFFS partition is drive "I:".
// Signatures only, written for the guard; only the commonly used part of the surface.
namespace System.IO
{
    public enum FileMode { CreateNew = 1, Create = 2, Open = 3, OpenOrCreate = 4, Truncate = 5, Append = 6 }

    [Flags]
    public enum FileAccess { Read = 1, Write = 2, ReadWrite = 3 }

    [Flags]
    public enum FileShare { None = 0, Read = 1, Write = 2, ReadWrite = 3 }

    public class FileStream : Stream
    {
        public FileStream(string path, FileMode mode) { }
        public FileStream(string path, FileMode mode, FileAccess access) { }
        public FileStream(string path, FileMode mode, FileAccess access, FileShare share) { }
        public FileStream(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize) { }
        public string Name { get { throw null; } }
        public override bool CanRead { get { throw null; } }
        public override bool CanSeek { get { throw null; } }
        public override bool CanWrite { get { throw null; } }
        public override long Length { get { throw null; } }
        public override long Position { get { throw null; } set { } }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) { throw null; }
        public override long Seek(long offset, SeekOrigin origin) { throw null; }
        public override void SetLength(long value) { }
        public override void Write(byte[] buffer, int offset, int count) { }
    }

    public static class File
    {
        public static FileStream Create(string path) { throw null; }
        public static void Delete(string path) { }
        public static bool Exists(string path) { throw null; }
        public static FileStream OpenRead(string path) { throw null; }
        public static FileStream OpenWrite(string path) { throw null; }
        public static byte[] ReadAllBytes(string path) { throw null; }
        public static string ReadAllText(string path) { throw null; }
        public static void WriteAllBytes(string path, byte[] bytes) { }
        public static void WriteAllText(string path, string contents) { }
    }

    public static class Directory
    {
        public static DirectoryInfo CreateDirectory(string path) { throw null; }
        public static void Delete(string path) { }
        public static bool Exists(string path) { throw null; }
        public static string[] GetFiles(string path) { throw null; }
        public static string[] GetDirectories(string path) { throw null; }
    }

    public abstract class FileSystemInfo : MarshalByRefObject
    {
        public virtual string FullName { get { throw null; } }
        public abstract string Name { get; }
        public abstract bool Exists { get; }
        public abstract void Delete();
    }

    public sealed class DirectoryInfo : FileSystemInfo
    {
        public DirectoryInfo(string path) { }
        public override string Name { get { throw null; } }
        public override bool Exists { get { throw null; } }
        public override void Delete() { }
        public void Create() { }
    }
}
