using NfAtip.Platform;

namespace NfAtip.HostAdapters.Flash;

/// <summary>
/// Flash region backed by an image file (the virtual board's <c>&lt;state&gt;/flash.bin</c>). NOR semantics as on the
/// board: erase sets a sector to 0xFF, programming ANDs. Every Write/EraseSector is written through and flushed to
/// the disk (<c>FileStream.Flush(true)</c>) before it returns, so a store OK is durable on the host too.
/// Default geometry: 8 sectors of 4096 bytes — sectors 0–3 for the two settings pages (see Board's flash layout),
/// 4–7 free for later stores (e.g. a CA certificate store).
/// </summary>
public sealed class FileFlash : IFlash, IDisposable
{
    public const int DefaultSectorSize = 4096;
    public const int DefaultSectorCount = 8;
    public const string DefaultFileName = "flash.bin";

    private readonly FileStream _file;
    private readonly FileStream _lockFile;
    private readonly byte[] _mirror; // the file's content, so reads and the AND need no disk read
    private readonly object _lock = new();

    /// <summary>
    /// Opens <paramref name="path"/>, creating it filled with 0xFF at sectorSize × sectorCount bytes. A shorter
    /// existing file is extended with 0xFF (the geometry grew); a longer one is refused rather than truncated.
    /// One board at a time: <c>PATH.lock</c> is held exclusively while open (an advisory lock on Unix; the image
    /// itself stays readable), since two boards on one flash would each keep their own copy in RAM and
    /// silently lose each other's writes; the second one is refused (<see cref="FlashInUseException"/>).
    /// </summary>
    public FileFlash(string path, int sectorSize = DefaultSectorSize, int sectorCount = DefaultSectorCount)
    {
        if (sectorSize <= 0) throw new ArgumentOutOfRangeException(nameof(sectorSize));
        if (sectorCount <= 0) throw new ArgumentOutOfRangeException(nameof(sectorCount));
        Path = path;
        SectorSize = sectorSize;
        SectorCount = sectorCount;
        int size = sectorSize * sectorCount;
        _mirror = new byte[size];
        Array.Fill(_mirror, (byte)0xFF);

        string? dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        try
        {
            _lockFile = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new FlashInUseException(path, e);
        }
        try
        {
            _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        }
        catch
        {
            _lockFile.Dispose();
            throw;
        }
        try
        {
            long existing = _file.Length;
            if (existing > size)
                throw new InvalidDataException($"{path}: {existing} bytes, larger than the {size}-byte flash region");
            int read = 0;
            while (read < existing)
            {
                int n = _file.Read(_mirror, read, (int)existing - read);
                if (n <= 0) throw new EndOfStreamException(path);
                read += n;
            }
            if (existing < size)
            {
                _file.Position = existing;
                _file.Write(_mirror, (int)existing, size - (int)existing);
                _file.Flush(true);
            }
        }
        catch
        {
            _file.Dispose();
            _lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Opens (or creates) <c>flash.bin</c> in the virtual board's state directory with the default geometry.</summary>
    public static FileFlash OpenInStateDir(string stateDir) =>
        new(System.IO.Path.Combine(stateDir, DefaultFileName));

    public string Path { get; }
    public int SectorSize { get; }
    public int SectorCount { get; }

    /// <summary>Sector erases done.</summary>
    public int Erases { get; private set; }

    /// <summary>Write calls done.</summary>
    public int Programs { get; private set; }

    public void Read(int address, byte[] buffer, int offset, int count)
    {
        lock (_lock)
        {
            CheckRange(address, count);
            Buffer.BlockCopy(_mirror, address, buffer, offset, count);
        }
    }

    public void EraseSector(int sector)
    {
        lock (_lock)
        {
            if (sector < 0 || sector >= SectorCount) throw new ArgumentOutOfRangeException(nameof(sector));
            int start = sector * SectorSize;
            Array.Fill(_mirror, (byte)0xFF, start, SectorSize);
            Erases++;
            Persist(start, SectorSize);
        }
    }

    public void Write(int address, byte[] buffer, int offset, int count)
    {
        lock (_lock)
        {
            CheckRange(address, count);
            if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException(nameof(offset));
            for (int i = 0; i < count; i++) _mirror[address + i] &= buffer[offset + i];
            Programs++;
            Persist(address, count);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _file.Dispose();
            _lockFile.Dispose();
        }
    }

    private void Persist(int address, int count)
    {
        if (count == 0) return;
        _file.Position = address;
        _file.Write(_mirror, address, count);
        _file.Flush(true);
    }

    private void CheckRange(int address, int count)
    {
        if (address < 0 || count < 0 || (long)address + count > _mirror.Length)
            throw new ArgumentOutOfRangeException(nameof(address), $"address {address} count {count} outside the {_mirror.Length}-byte region");
    }
}

/// <summary>The flash image is open in another process (another virtual board on the same --state folder).</summary>
public sealed class FlashInUseException(string path, Exception inner)
    : IOException(path + " is in use by another board (each board needs its own --state folder)", inner);
