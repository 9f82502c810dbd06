using System.Security.Cryptography;
using System.Text;

namespace Cordon.Identity;

/// <summary>
/// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC of the 30-second step count,
/// dynamically truncated to 6 digits. Small enough to own (see docs/decisions/014-identity.md).
/// </summary>
public static class Totp
{
    public const int Digits = 6;
    public const int StepSeconds = 30;
    /// <summary>Steps either side of now that are still accepted, for clocks that drift a little.</summary>
    public const int Window = 1;

    /// <summary>The HOTP value for one counter (RFC 4226 section 5.3), zero-padded to <paramref name="digits"/>.</summary>
    public static string Code(ReadOnlySpan<byte> key, long counter, int digits = Digits, string algorithm = "SHA1")
    {
        Span<byte> message = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(message, counter);
        var hash = algorithm switch
        {
            "SHA1" => HMACSHA1.HashData(key, message),
            "SHA256" => HMACSHA256.HashData(key, message),
            "SHA512" => HMACSHA512.HashData(key, message),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "SHA1, SHA256 or SHA512."),
        };
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        var modulo = (int)Math.Pow(10, digits);
        return (binary % modulo).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>A new 160-bit key (the size RFC 4226 recommends for SHA-1), Base32 as authenticator apps read it.</summary>
    public static string NewSecret() => Base32.Encode(RandomNumberGenerator.GetBytes(20));

    /// <summary>
    /// The step the code belongs to, within the window around now and after <paramref name="lastStep"/>
    /// (a code is accepted once), or null.
    /// </summary>
    public static long? Match(string secret, string? code, DateTimeOffset now, long? lastStep)
    {
        var digits = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length != Digits || Base32.TryDecode(secret) is not { } key)
        {
            return null;
        }
        var current = StepAt(now);
        long? matched = null;
        for (var step = current - Window; step <= current + Window; step++)
        {
            // Every candidate is computed and compared in constant time, matched or not.
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Code(key, step)), Encoding.ASCII.GetBytes(digits))
                && (lastStep is null || step > lastStep))
            {
                matched ??= step;
            }
        }
        return matched;
    }

    /// <summary>The otpauth:// URI that authenticator apps read from the QR code.</summary>
    public static string ProvisioningUri(string issuer, string account, string secret)
        => $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={secret}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={StepSeconds}";
}

/// <summary>RFC 4648 Base32 without padding, as used in otpauth URIs.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var sb = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0)
        {
            sb.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }
        return sb.ToString();
    }

    public static byte[]? TryDecode(string text)
    {
        var result = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var raw in text)
        {
            if (raw is '=' or ' ' or '-')
            {
                continue;
            }
            var value = Alphabet.IndexOf(char.ToUpperInvariant(raw), StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                result.Add((byte)((buffer >> (bits - 8)) & 0xff));
                bits -= 8;
            }
        }
        return result.Count == 0 ? null : result.ToArray();
    }
}

/// <summary>The enrolment QR code, as inline SVG (no image request, nothing for a Content-Security-Policy to block).</summary>
public static class EnrolmentQrCode
{
    public static string Svg(string provisioningUri)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(provisioningUri, QRCoder.QRCodeGenerator.ECCLevel.M);
        return new QRCoder.SvgQRCode(data).GetGraphic(4);
    }
}
