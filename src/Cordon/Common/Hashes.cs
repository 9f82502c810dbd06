using System.Security.Cryptography;
using System.Text;

namespace Cordon.Common;

/// <summary>SHA-256 as lower-case hex, the form evidence, exports and fingerprints are compared in.</summary>
public static class Hashes
{
    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Sha256Hex(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
