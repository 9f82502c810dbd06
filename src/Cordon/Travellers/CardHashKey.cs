using System.Security.Cryptography;
using System.Text;
using Cordon.Storage;
using Microsoft.Extensions.Configuration;

namespace Cordon.Travellers;

/// <summary>
/// The installation's secret that keys stored card hashes (issue 18): a card number is kept only as
/// HMAC-SHA256(key, SHA-256 of its digits), so a stolen database cannot be reversed by hashing every card number, while
/// the same card on two bookings of one installation still gives the same value. The PNRGOV reader hashes the digits
/// (the number never leaves it) and a JSON sender sends that SHA-256; intake keys either before storing.
/// The key comes from configuration, <c>Cordon:Travellers:CardHashKey</c> (base64 of 32 bytes), or else from the key file
/// <c>Cordon:Travellers:CardHashKeyFile</c> (default <c>card-hash.key</c> in the data directory), created readable by the
/// owner only on first use, as the messaging server key is. It is never rotated: a new key would stop a card from matching
/// the bookings stored before (decision 030's masking removes card hashes after six months in any case).
/// </summary>
public sealed class CardHashKey
{
    public const string KeySetting = "Cordon:Travellers:CardHashKey", KeyFileSetting = "Cordon:Travellers:CardHashKeyFile";
    private readonly byte[] _key;

    public CardHashKey(byte[] key)
        => _key = key.Length == 32 ? key : throw new InvalidOperationException($"{KeySetting} must be 32 bytes (base64), not {key.Length}.");

    /// <summary>A key of its own (a demo seeded without the server's key, a test installation).</summary>
    public static CardHashKey Random() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>The stored value for a card's SHA-256 (lower-case hex, as <see cref="BookingPayment.HashCard"/> gives): lower-case hex HMAC-SHA256.</summary>
    public string Key(string cardSha256) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(cardSha256)));

    /// <param name="create">Create the key file when it is missing (the server's first start); false for a command that must use an existing key.</param>
    public static CardHashKey Load(IConfiguration configuration, bool create = true)
    {
        if (configuration[KeySetting] is { Length: > 0 } text)
        {
            return new CardHashKey(Base64(text, KeySetting));
        }
        var file = configuration[KeyFileSetting] is { Length: > 0 } f
            ? Path.GetFullPath(f)
            : Path.Combine(configuration["Cordon:DataDirectory"] is { Length: > 0 } d ? Path.GetFullPath(d) : StorageSetup.DefaultDataDirectory, "card-hash.key");
        if (!File.Exists(file))
        {
            if (!create)
            {
                throw new InvalidOperationException($"No card hash key: {KeySetting} is empty and the key file {file} does not exist.");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
                using var stream = new FileStream(file, options);
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n"));
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another process created it first: use theirs.
            }
        }
        return new CardHashKey(Base64(File.ReadAllText(file).Trim(), file));
    }

    private static byte[] Base64(string text, string setting)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} is not base64: give 32 random bytes in base64 (e.g. `openssl rand -base64 32`).");
        }
    }
}
