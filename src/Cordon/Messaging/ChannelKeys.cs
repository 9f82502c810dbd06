using System.Security.Cryptography;
using System.Text;
using Cordon.Storage;
using Microsoft.Extensions.Configuration;

namespace Cordon.Messaging;

/// <summary>
/// Encryption at rest for channels (decision 025): every channel has its own random AES-256 key, which seals each message
/// body with AES-GCM (.NET's <see cref="AesGcm"/>, bound to the message id and version); the channel key is stored
/// sealed by the server key. The server key comes from configuration, <c>Cordon:Messaging:ServerKey</c> (base64 of 32
/// bytes), or else from the key file <c>Cordon:Messaging:KeyFile</c> (default <c>messaging.key</c> in the data directory),
/// created readable by the owner only on first use, as the audit signing key is.
/// </summary>
public sealed class ChannelKeys
{
    private const int NonceSize = 12, TagSize = 16;
    private readonly byte[] _serverKey;

    /// <summary>Names the server key (first bytes of its SHA-256), stored beside each wrapped channel key.</summary>
    public string KeyId { get; }

    public ChannelKeys(byte[] serverKey)
    {
        if (serverKey.Length != 32)
        {
            throw new InvalidOperationException($"Cordon:Messaging:ServerKey must be 32 bytes (base64), not {serverKey.Length}.");
        }
        _serverKey = serverKey;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(serverKey).AsSpan(0, 8));
    }

    public static ChannelKeys Load(IConfiguration configuration)
    {
        if (configuration["Cordon:Messaging:ServerKey"] is { Length: > 0 } text)
        {
            try
            {
                return new ChannelKeys(Convert.FromBase64String(text));
            }
            catch (FormatException)
            {
                throw new InvalidOperationException("Cordon:Messaging:ServerKey is not base64: give 32 random bytes in base64 (e.g. `openssl rand -base64 32`).");
            }
        }
        var file = configuration["Cordon:Messaging:KeyFile"] is { Length: > 0 } f
            ? Path.GetFullPath(f)
            : Path.Combine(configuration["Cordon:DataDirectory"] is { Length: > 0 } d ? Path.GetFullPath(d) : StorageSetup.DefaultDataDirectory, "messaging.key");
        if (!File.Exists(file))
        {
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
        return new ChannelKeys(Convert.FromBase64String(File.ReadAllText(file).Trim()));
    }

    /// <summary>A new channel key, returned sealed by the server key (bound to the channel id).</summary>
    public byte[] NewChannelKey(Guid channelId) => Seal(_serverKey, RandomNumberGenerator.GetBytes(32), channelId.ToByteArray());

    /// <summary>Seals a message body with its channel's key, bound to the message and version (a body moved to another row does not open).</summary>
    public byte[] SealBody(Channel channel, Guid messageId, int version, string json)
        => Seal(ChannelKey(channel), Encoding.UTF8.GetBytes(json), BodyContext(messageId, version));

    public string OpenBody(Channel channel, Guid messageId, int version, byte[] sealedBody)
        => Encoding.UTF8.GetString(Open(ChannelKey(channel), sealedBody, BodyContext(messageId, version)));

    private byte[] ChannelKey(Channel channel)
    {
        if (channel.KeyId != KeyId)
        {
            throw new InvalidOperationException($"Channel {channel.Id}'s key was wrapped by server key {channel.KeyId}; this server holds {KeyId} (Cordon:Messaging:ServerKey).");
        }
        return Open(_serverKey, channel.WrappedKey, channel.Id.ToByteArray());
    }

    private static byte[] BodyContext(Guid messageId, int version) => [.. messageId.ToByteArray(), .. BitConverter.GetBytes(version)];

    private static byte[] Seal(byte[] key, byte[] plain, byte[] context)
    {
        var output = new byte[NonceSize + TagSize + plain.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), context);
        return output;
    }

    private static byte[] Open(byte[] key, byte[] sealedBytes, byte[] context)
    {
        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain, context);
        return plain;
    }
}
