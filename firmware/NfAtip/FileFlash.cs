using System;
using System.IO;
using NfAtip.Platform;

namespace NfAtip.Device
{
    /// <summary>
    /// IFlash as one fixed-size file on nanoFramework's internal storage (drive "I:", SPIFFS on the
    /// ESP32). A blank file reads as 0xFF like erased NOR; programming ANDs the new bytes into the old
    /// ones so the store sees real flash semantics (bits only go from 1 to 0).
    /// </summary>
    public sealed class FileFlash : IFlash
    {
        private readonly string _path;
        private readonly int _sectorSize;
        private readonly int _sectorCount;

        public FileFlash(string path, int sectorSize, int sectorCount)
        {
            _path = path;
            _sectorSize = sectorSize;
            _sectorCount = sectorCount;
            if (!File.Exists(path) || Size() != sectorSize * sectorCount) Format();
        }

        public int SectorSize { get { return _sectorSize; } }

        public int SectorCount { get { return _sectorCount; } }

        public void Read(int address, byte[] buffer, int offset, int count)
        {
            using (FileStream f = new FileStream(_path, FileMode.Open, FileAccess.Read))
            {
                f.Seek(address, SeekOrigin.Begin);
                int done = 0;
                while (done < count)
                {
                    int n = f.Read(buffer, offset + done, count - done);
                    if (n <= 0) throw new IOException("flash file too short");
                    done += n;
                }
            }
        }

        public void EraseSector(int sector)
        {
            byte[] blank = Blank(_sectorSize);
            using (FileStream f = new FileStream(_path, FileMode.Open, FileAccess.Write))
            {
                f.Seek((long)sector * _sectorSize, SeekOrigin.Begin);
                f.Write(blank, 0, blank.Length);
                f.Flush();
            }
        }

        public void Write(int address, byte[] buffer, int offset, int count)
        {
            byte[] merged = new byte[count];
            Read(address, merged, 0, count);
            for (int i = 0; i < count; i++) merged[i] &= buffer[offset + i];
            using (FileStream f = new FileStream(_path, FileMode.Open, FileAccess.Write))
            {
                f.Seek(address, SeekOrigin.Begin);
                f.Write(merged, 0, count);
                f.Flush();
            }
        }

        private long Size()
        {
            using (FileStream f = new FileStream(_path, FileMode.Open, FileAccess.Read))
            {
                return f.Length;
            }
        }

        private void Format()
        {
            byte[] blank = Blank(_sectorSize);
            using (FileStream f = new FileStream(_path, FileMode.Create, FileAccess.Write))
            {
                for (int s = 0; s < _sectorCount; s++) f.Write(blank, 0, blank.Length);
                f.Flush();
            }
        }

        private static byte[] Blank(int size)
        {
            byte[] b = new byte[size];
            for (int i = 0; i < size; i++) b[i] = 0xFF;
            return b;
        }
    }
}
