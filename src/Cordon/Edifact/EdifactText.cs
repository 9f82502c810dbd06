using System.Text;

namespace Cordon.Edifact;

/// <summary>
/// Opens EDIFACT bytes as text in the character set the interchange declares (UNB syntax identifier):
/// UNOA/UNOB are 7-bit, UNOC is ISO 8859-1 (so "é" sent as one Latin-1 byte reads as "é"), UNOD–UNOK the
/// other ISO 8859 parts, UNOW/UNOY UTF-8. Only the first bytes are looked at; the rest streams.
/// </summary>
public static class EdifactText
{
    static EdifactText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static TextReader Open(Stream stream, bool leaveOpen = false)
    {
        var buffered = stream.CanSeek ? stream : new BufferedStream(stream, 1 << 16);
        var head = new byte[512];
        var n = 0;
        int read;
        while (n < head.Length && (read = buffered.Read(head, n, head.Length - n)) > 0)
        {
            n += read;
        }
        var encoding = EncodingOf(Encoding.Latin1.GetString(head, 0, n));
        var rest = new ConcatenatedStream(head.AsMemory(0, n), buffered, leaveOpen);
        return new StreamReader(rest, encoding, detectEncodingFromByteOrderMarks: true, 1 << 16);
    }

    public static Encoding EncodingOf(string head)
    {
        var unb = head.IndexOf("UNB", StringComparison.Ordinal);
        if (unb < 0 || unb + 8 > head.Length)
        {
            return new UTF8Encoding(false);
        }
        return head.Substring(unb + 4, 4).ToUpperInvariant() switch
        {
            "UNOA" or "UNOB" or "UNOC" => Encoding.Latin1,
            "UNOD" => Encoding.GetEncoding("iso-8859-2"),
            "UNOE" => Encoding.GetEncoding("iso-8859-5"),
            "UNOF" => Encoding.GetEncoding("iso-8859-7"),
            "UNOG" => Encoding.GetEncoding("iso-8859-3"),
            "UNOH" => Encoding.GetEncoding("iso-8859-4"),
            "UNOI" => Encoding.GetEncoding("iso-8859-6"),
            "UNOJ" => Encoding.GetEncoding("iso-8859-8"),
            "UNOK" => Encoding.GetEncoding("iso-8859-9"),
            _ => new UTF8Encoding(false),
        };
    }

    /// <summary>The bytes already looked at, then the rest of the stream.</summary>
    private sealed class ConcatenatedStream(ReadOnlyMemory<byte> head, Stream tail, bool leaveOpen) : Stream
    {
        private ReadOnlyMemory<byte> _head = head;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_head.Length > 0)
            {
                var n = Math.Min(buffer.Length, _head.Length);
                _head.Span[..n].CopyTo(buffer);
                _head = _head[n..];
                return n;
            }
            return tail.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && !leaveOpen)
            {
                tail.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
