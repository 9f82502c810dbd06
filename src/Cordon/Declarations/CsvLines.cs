using Cordon.Common;
using System.Text;

namespace Cordon.Declarations;

/// <summary>
/// Reads a text file line by line in constant memory. A line longer than <see cref="MaxLine"/>
/// characters is not kept: it is reported as too long and skipped, so one runaway field cannot
/// exhaust memory. The encoding is UTF-8 (a UTF-8 or UTF-16 byte order mark is honoured and
/// dropped); bytes that are not valid UTF-8 become U+FFFD and are reported per line.
/// </summary>
public sealed class LineReader(Stream stream, int maxLine = LineReader.DefaultMaxLine) : IDisposable
{
    public const int DefaultMaxLine = 1 << 20;
    public int MaxLine { get; } = maxLine;

    private readonly StreamReader _reader = new(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    private readonly char[] _buffer = new char[1 << 16];
    private int _pos, _len;
    private readonly StringBuilder _line = new();

    /// <summary>1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Bytes consumed from the stream so far (for progress).</summary>
    public long BytesRead => stream.CanSeek ? stream.Position : 0;

    /// <summary>The next line without its terminator, or null at the end. <paramref name="tooLong"/> is set when the line was cut.</summary>
    public string? ReadLine(out bool tooLong)
    {
        tooLong = false;
        _line.Clear();
        var any = false;
        while (true)
        {
            if (_pos == _len)
            {
                _len = _reader.Read(_buffer, 0, _buffer.Length);
                _pos = 0;
                if (_len == 0)
                {
                    if (!any)
                    {
                        return null;
                    }
                    LineNumber++;
                    return tooLong ? "" : _line.ToString();
                }
            }
            any = true;
            var span = _buffer.AsSpan(_pos, _len - _pos);
            var nl = span.IndexOf('\n');
            if (nl >= 0 && !tooLong && _line.Length == 0)
            {
                // The whole line is in the buffer (the usual case): one copy, no builder.
                _pos += nl + 1;
                LineNumber++;
                var end = nl > 0 && span[nl - 1] == '\r' ? nl - 1 : nl;
                if (end > MaxLine)
                {
                    tooLong = true;
                    return "";
                }
                return new string(span[..end]);
            }
            var take = nl < 0 ? span : span[..nl];
            if (!tooLong)
            {
                if (_line.Length + take.Length > MaxLine)
                {
                    tooLong = true;
                    _line.Clear();
                }
                else
                {
                    _line.Append(take);
                }
            }
            if (nl >= 0)
            {
                _pos += nl + 1;
                LineNumber++;
                if (tooLong)
                {
                    return "";
                }
                if (_line.Length > 0 && _line[^1] == '\r')
                {
                    _line.Length--;
                }
                return _line.ToString();
            }
            _pos = _len;
        }
    }

    public void Dispose() => _reader.Dispose();
}

/// <summary>
/// Splits one CSV line (RFC 4180 quoting within the line). Cordon's CSV layouts keep one record per
/// line — a line break is never part of a field — so broken quoting damages only its own line and is
/// reported there instead of swallowing the rest of the file. Fields are located, not copied: a
/// field becomes a string only when asked for (most of an item line repeats its declaration's
/// first line and is compared in place).
/// </summary>
public sealed class CsvFields
{
    private readonly List<(int Start, int Length, bool Escaped)> _ranges = new(48);
    private string _line = "";

    public int Count => _ranges.Count;
    public string Line => _line;

    /// <summary>
    /// Why a line of a file cannot be read as a record of <paramref name="columns"/> fields (too long, not UTF-8,
    /// broken quoting, a field too many or too few), or null: the line is then split.
    /// </summary>
    public Wording? Refuse(string line, bool tooLong, int maxLine, int columns)
    {
        if (tooLong)
        {
            return $"the line is longer than {maxLine:N0} characters.";
        }
        if (line.Contains('\uFFFD'))
        {
            return $"the line is not valid UTF-8 (at character {line.IndexOf('\uFFFD') + 1}); save the file as UTF-8.";
        }
        if (Split(line) is { } broken)
        {
            return $"malformed CSV: {broken}";
        }
        if (Count != columns)
        {
            return $"the line has {Count} fields; the header has {columns}.";
        }
        return null;
    }

    /// <summary>Locates the fields of <paramref name="line"/>; returns an error message or null.</summary>
    public Wording? Split(string line)
    {
        _line = line;
        _ranges.Clear();
        var i = 0;
        while (true)
        {
            if (i < line.Length && line[i] == '"')
            {
                var number = _ranges.Count + 1;
                var start = i + 1;
                var escaped = false;
                i = start;
                while (true)
                {
                    var q = line.IndexOf('"', i);
                    if (q < 0)
                    {
                        return $"field {number} opens a quote that is never closed.";
                    }
                    if (q + 1 < line.Length && line[q + 1] == '"')
                    {
                        escaped = true;
                        i = q + 2;
                        continue;
                    }
                    _ranges.Add((start, q - start, escaped));
                    i = q + 1;
                    break;
                }
                if (i == line.Length)
                {
                    return null;
                }
                if (line[i] != ',')
                {
                    return $"field {number} has text after its closing quote.";
                }
                i++;
                if (i == line.Length)
                {
                    _ranges.Add((i, 0, false));
                    return null;
                }
                continue;
            }
            var comma = line.IndexOf(',', i);
            var end = comma < 0 ? line.Length : comma;
            if (line.AsSpan(i, end - i).Contains('"'))
            {
                return $"field {_ranges.Count + 1} has a quote inside an unquoted value.";
            }
            _ranges.Add((i, end - i, false));
            if (comma < 0)
            {
                return null;
            }
            i = comma + 1;
            if (i == line.Length)
            {
                _ranges.Add((i, 0, false));
                return null;
            }
        }
    }

    public ReadOnlySpan<char> Span(int field)
    {
        var (start, length, _) = _ranges[field];
        return _line.AsSpan(start, length);
    }

    public string this[int field]
    {
        get
        {
            var (start, length, escaped) = _ranges[field];
            var text = _line.Substring(start, length);
            return escaped ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text;
        }
    }

    /// <summary>The field trimmed, or null when blank.</summary>
    public string? Value(int field)
    {
        var span = Span(field).Trim();
        if (span.IsEmpty)
        {
            return null;
        }
        return _ranges[field].Escaped ? this[field].Trim() : span.ToString();
    }

    public string[] ToArray() => Enumerable.Range(0, Count).Select(i => this[i]).ToArray();
}

public static class CsvLine
{
    /// <summary>Fills <paramref name="fields"/>; returns an error message or null.</summary>
    public static string? Split(string line, List<string> fields)
    {
        var f = new CsvFields();
        var error = f.Split(line)?.ToString();
        fields.Clear();
        if (error is null)
        {
            fields.AddRange(f.ToArray());
        }
        return error;
    }

    /// <summary>
    /// The columns a file's header names (trimmed, lower case, byte-order mark dropped), or a refusal of the
    /// whole file naming every problem of the header: too long, broken quoting, required columns missing,
    /// unknown columns, a column twice.
    /// </summary>
    public static string[] Header(string headerLine, bool tooLong, IReadOnlyCollection<string> known, IReadOnlyCollection<string> required)
    {
        if (tooLong)
        {
            throw ValidationFailed.Field("header", "the header line is too long.");
        }
        var header = new CsvFields();
        if (header.Split(headerLine) is { } broken)
        {
            throw ValidationFailed.Field("header", $"the header line is not valid CSV: {broken}");
        }
        var columns = header.ToArray().Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToArray();
        var unknown = columns.Where(c => !known.Contains(c)).ToList();
        var missing = required.Where(r => !columns.Contains(r)).ToList();
        var errors = new FieldErrors();
        if (missing.Count > 0)
        {
            errors.Add("header", $"missing required column(s) {string.Join(", ", missing)}.");
        }
        if (unknown.Count > 0)
        {
            errors.Add("header", $"unknown column(s) {string.Join(", ", unknown.Take(10).Select(DeclarationValidation.Clip))}.");
        }
        if (columns.Distinct().Count() != columns.Length)
        {
            errors.Add("header", "a column appears twice.");
        }
        if (errors.Any)
        {
            errors.Add("header", $"Expected columns: {string.Join(",", known)}.");
        }
        errors.ThrowIfAny();
        return columns;
    }

    /// <summary>Quotes a value for CSV output when it needs it.</summary>
    public static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
