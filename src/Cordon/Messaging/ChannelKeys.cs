using System.Security.Cryptography;
using System.Text;
using Cordon.Storage;
using Microsoft.Extensions.Configuration;

namespace Cordon.Messaging;

/// <summary>
/// Encryption at rest for channels (decision 025): every channel has its own random AES-256 key, which seals each message
/// body with AES-GCM (.NET's <see cref="AesGcm"/>, bound to the message id and version); the channel key is stored
/// sealed by a server key, with that server key's id. The current server key comes from configuration,
/// <c>Cordon:Messaging:ServerKey</c> (base64 of 32 bytes), or else from the key file <c>Cordon:Messaging:KeyFile</c>
/// (default <c>messaging.key</c> in the data directory), created readable by the owner only on first use, as the audit
/// signing key is. Older server keys, kept readable while a rotation re-wraps (<see cref="ChannelKeyRotation"/>), are
/// <c>Cordon:Messaging:PreviousServerKeys:0</c>, <c>:1</c>, … and the lines of the key file's sibling
/// <c>messaging.key.previous</c>: a channel key opens with whichever key its stored id names; new ones are wrapped with the
/// current key only.
/// </summary>
public sealed class ChannelKeys
{
    private const int NonceSize = 12, TagSize = 16;
    public const string ServerKeySetting = "Cordon:Messaging:ServerKey", PreviousKeysSetting = "Cordon:Messaging:PreviousServerKeys", KeyFileSetting = "Cordon:Messaging:KeyFile";
    private readonly byte[] _serverKey;
    private readonly Dictionary<string, byte[]> _byId = new(StringComparer.Ordinal);

    /// <summary>Names the current server key (first bytes of its SHA-256), stored beside each channel key it wraps.</summary>
    public string KeyId { get; }

    /// <summary>The ids of the older keys this node still opens channel keys with (never wraps with).</summary>
    public IReadOnlyList<string> PreviousKeyIds { get; }

    public ChannelKeys(byte[] serverKey, IEnumerable<byte[]>? previousKeys = null)
    {
        _serverKey = Checked(serverKey, ServerKeySetting);
        KeyId = IdOf(serverKey);
        _byId[KeyId] = serverKey;
        var previous = new List<string>();
        var index = 0;
        foreach (var key in previousKeys ?? [])
        {
            var id = IdOf(Checked(key, $"{PreviousKeysSetting}:{index++}"));
            if (_byId.TryAdd(id, key))
            {
                previous.Add(id);
            }
        }
        PreviousKeyIds = previous;
    }

    /// <summary>The id stored beside a channel key wrapped by <paramref name="serverKey"/>: the first 8 bytes of its SHA-256, in hex (it tells nothing of the key).</summary>
    public static string IdOf(byte[] serverKey) => Convert.ToHexStringLower(SHA256.HashData(serverKey).AsSpan(0, 8));

    /// <summary>Whether this node holds the server key of that id (current or previous).</summary>
    public bool Holds(string keyId) => _byId.ContainsKey(keyId);

    private static byte[] Checked(byte[] key, string setting) => key.Length == 32 ? key
        : throw new InvalidOperationException($"{setting} must be 32 bytes (base64), not {key.Length}.");

    /// <param name="create">Create the key file when it is missing (the server's first start); false for a command that must use an existing key.</param>
    public static ChannelKeys Load(IConfiguration configuration, bool create = true)
    {
        var file = configuration[KeyFileSetting] is { Length: > 0 } f
            ? Path.GetFullPath(f)
            : Path.Combine(configuration["Cordon:DataDirectory"] is { Length: > 0 } d ? Path.GetFullPath(d) : StorageSetup.DefaultDataDirectory, "messaging.key");
        var previous = configuration.GetSection(PreviousKeysSetting).GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value)).Select(c => (Setting: c.Path, Text: c.Value!)).ToList();
        var previousFile = file + ".previous";
        if (File.Exists(previousFile))
        {
            // One base64 key a line; blank lines and # comments (e.g. when a key was retired) are allowed.
            previous.AddRange(File.ReadAllLines(previousFile).Select((line, i) => (Setting: $"{previousFile} line {i + 1}", Text: line.Trim()))
                .Where(l => l.Text.Length > 0 && !l.Text.StartsWith('#')));
        }
        var previousKeys = previous.Select(p => Base64(p.Text, p.Setting)).ToList();
        if (configuration[ServerKeySetting] is { Length: > 0 } text)
        {
            return new ChannelKeys(Base64(text, ServerKeySetting), previousKeys);
        }
        if (!File.Exists(file))
        {
            if (!create)
            {
                throw new InvalidOperationException($"No server key: {ServerKeySetting} is empty and the key file {file} does not exist.");
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
        return new ChannelKeys(Base64(File.ReadAllText(file).Trim(), file), previousKeys);
    }

    private static byte[] Base64(string text, string setting)
    {
        try
        {
            return Checked(Convert.FromBase64String(text), setting);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"{setting} is not base64: give 32 random bytes in base64 (e.g. `openssl rand -base64 32`).");
        }
    }

    /// <summary>A new channel key, returned sealed by the current server key (bound to the channel id).</summary>
    public byte[] NewChannelKey(Guid channelId) => Seal(_serverKey, RandomNumberGenerator.GetBytes(32), channelId.ToByteArray());

    /// <summary>The channel's key sealed again by the current server key (the key itself unchanged, so every body still opens).</summary>
    public byte[] Rewrap(Channel channel) => Seal(_serverKey, ChannelKey(channel), channel.Id.ToByteArray());

    /// <summary>Seals a message body with its channel's key, bound to the message and version (a body moved to another row does not open).</summary>
    public byte[] SealBody(Channel channel, Guid messageId, int version, string json)
        => Seal(ChannelKey(channel), Encoding.UTF8.GetBytes(json), BodyContext(messageId, version));

    public string OpenBody(Channel channel, Guid messageId, int version, byte[] sealedBody)
        => Encoding.UTF8.GetString(Open(ChannelKey(channel), sealedBody, BodyContext(messageId, version)));

    /// <summary>Seals an attachment's bytes with its channel's key, bound to the message and the attachment.</summary>
    public byte[] SealAttachment(Channel channel, Guid messageId, Guid attachmentId, byte[] content)
        => Seal(ChannelKey(channel), content, [.. messageId.ToByteArray(), .. attachmentId.ToByteArray()]);

    public byte[] OpenAttachment(Channel channel, Guid messageId, Guid attachmentId, byte[] sealedContent)
        => Open(ChannelKey(channel), sealedContent, [.. messageId.ToByteArray(), .. attachmentId.ToByteArray()]);

    /// <summary>
    /// Seals another feature's data (a masked traveller's original fields, decision 030) with the current server key itself,
    /// bound to <paramref name="context"/>; the key id returned is stored beside it.
    /// </summary>
    public (string KeyId, byte[] Sealed) SealWithServerKey(byte[] plain, byte[] context) => (KeyId, Seal(_serverKey, plain, context));

    /// <summary>Opens what <see cref="SealWithServerKey"/> sealed, with whichever key (current or previous) its stored id names.</summary>
    public byte[] OpenWithServerKey(string keyId, byte[] sealedBytes, byte[] context)
        => _byId.TryGetValue(keyId, out var key) ? Open(key, sealedBytes, context)
            : throw new InvalidOperationException($"Data sealed by server key {keyId}, which this node does not hold (current {KeyId}): "
                                                  + $"add that key to {PreviousKeysSetting} (or a line of messaging.key.previous).");

    private byte[] ChannelKey(Channel channel)
    {
        if (!_byId.TryGetValue(channel.KeyId, out var serverKey))
        {
            throw new ServerKeyMissing(channel, this);
        }
        return Open(serverKey, channel.WrappedKey, channel.Id.ToByteArray());
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

/// <summary>
/// A channel whose key was wrapped by a server key this node does not hold (removed from configuration too early, or a
/// node not yet given the new key): a configuration fault for the operator, not a refusal to a user.
/// </summary>
public sealed class ServerKeyMissing(Channel channel, ChannelKeys keys) : InvalidOperationException(
    $"Channel '{channel.Name}' ({channel.Id}) has its key wrapped by server key {channel.KeyId}, which this node does not hold "
    + $"(current {keys.KeyId}{(keys.PreviousKeyIds.Count == 0 ? "" : "; previous " + string.Join(", ", keys.PreviousKeyIds))}): "
    + $"add that key to {ChannelKeys.PreviousKeysSetting} (or a line of messaging.key.previous) until 'cordon messages rotate-keys' has re-wrapped it.")
{
    public Guid ChannelId { get; } = channel.Id;
    public string KeyId { get; } = channel.KeyId;
}
