using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agencies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Country = table.Column<string>(type: "character(2)", fixedLength: true, maxLength: 2, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agencies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "alert_conditions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Office = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    Band = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    CommodityPrefix = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    MinQuantity = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: true),
                    Unit = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    MaxMarking = table.Column<int>(type: "integer", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_conditions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "alert_deliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AlertId = table.Column<Guid>(type: "uuid", nullable: false),
                    SubscriptionId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    Redacted = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClaimedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_deliveries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "alert_reads",
                columns: table => new
                {
                    DeliveryId = table.Column<long>(type: "bigint", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_reads", x => new { x.DeliveryId, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "alert_subscriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: true),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kinds = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Office = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    CommodityPrefix = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Band = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ReferredTo = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    MaxMarking = table.Column<int>(type: "integer", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    WebhookUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    WebhookSecret = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_subscriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RecordType = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    RecordId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false),
                    Office = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    Commodity = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Data = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RaisedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Recipients = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Band = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ReferredTo = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    DispatchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClaimedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "assets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_checkpoints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TreeSize = table.Column<long>(type: "bigint", nullable: false),
                    RootHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Origin = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    KeyId = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_checkpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    LeafIndex = table.Column<long>(type: "bigint", nullable: false),
                    Time = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActorKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ActorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ActorAgencyId = table.Column<Guid>(type: "uuid", nullable: true),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RecordType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RecordId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RecordAgencyId = table.Column<Guid>(type: "uuid", nullable: true),
                    Purpose = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Decision = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    Details = table.Column<string>(type: "text", nullable: true),
                    LeafHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.LeafIndex);
                });

            migrationBuilder.CreateTable(
                name: "audit_tree_nodes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_tree_nodes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "border_crossings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false, defaultValue: 4),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    CrossingPoint = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Officer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RefusalReason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Surname = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    GivenNames = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Gender = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: true),
                    Nationality = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    DocumentType = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    DocumentNumber = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    DocumentIssuingState = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    DocumentExpiry = table.Column<DateOnly>(type: "date", nullable: true),
                    PersonKey = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TravellerId = table.Column<Guid>(type: "uuid", nullable: true),
                    Source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_border_crossings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "break_glass_accesses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RecordId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Justification = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReviewedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReviewNote = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_break_glass_accesses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false),
                    ParticipantAgencyIds = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "declarations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false, defaultValue: 4),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Office = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Declarant = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Number = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    LodgedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    TransportMode = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    Conveyance = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    ImporterCode = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    ImporterName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ImporterAddress = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    ImporterCountry = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    ExporterCode = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    ExporterName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ExporterAddress = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    ExporterCountry = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    ConsigneeCode = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    ConsigneeName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ConsigneeAddress = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    ConsigneeCountry = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    OriginCountry = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    ExportCountry = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    DestinationCountry = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    PortOfLoading = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    PortOfDischarge = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    TotalFob = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    TotalCif = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    TotalDutiesAndTaxes = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    ItemCount = table.Column<int>(type: "integer", nullable: false),
                    Opaque = table.Column<int>(type: "integer", nullable: false),
                    ContentHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    FirstReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_declarations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "evidence_blobs",
                columns: table => new
                {
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_evidence_blobs", x => x.Sha256);
                });

            migrationBuilder.CreateTable(
                name: "federation_agencies",
                columns: table => new
                {
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    RemoteId = table.Column<Guid>(type: "uuid", nullable: true),
                    RemoteCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_agencies", x => x.AgencyId);
                });

            migrationBuilder.CreateTable(
                name: "federation_agreement_links",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    SentState = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_agreement_links", x => new { x.PartnerId, x.AgreementId });
                });

            migrationBuilder.CreateTable(
                name: "federation_copies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OriginRecordId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    LocalRecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    OriginAgencyCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_copies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "federation_inbound",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    LastSequence = table.Column<long>(type: "bigint", nullable: false),
                    LastReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LastErrorAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_inbound", x => x.PartnerId);
                });

            migrationBuilder.CreateTable(
                name: "federation_outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RecordType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    RecordId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RecordAgencyId = table.Column<Guid>(type: "uuid", nullable: true),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: true),
                    Body = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AckedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "federation_partners",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    BaseUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    FederationKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AuditKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OutboxSequence = table.Column<long>(type: "bigint", nullable: false),
                    AckedSequence = table.Column<long>(type: "bigint", nullable: false),
                    LastSentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LastErrorAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_partners", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "federation_sent",
                columns: table => new
                {
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RecordId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_sent", x => new { x.PartnerId, x.AgreementId, x.RecordType, x.RecordId });
                });

            migrationBuilder.CreateTable(
                name: "federation_witnesses",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PartnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    TreeSize = table.Column<long>(type: "bigint", nullable: false),
                    RootHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Consistent = table.Column<bool>(type: "boolean", nullable: false),
                    Problem = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_federation_witnesses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incident_tasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Role = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OwnerAgency = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DoneBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    EscalateTo = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EscalatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_tasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incident_updates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Author = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incident_updates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Latitude = table.Column<double>(type: "double precision", nullable: false),
                    Longitude = table.Column<double>(type: "double precision", nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RespondedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Units = table.Column<string>(type: "text", nullable: false),
                    OperationId = table.Column<Guid>(type: "uuid", nullable: true),
                    CaseRefs = table.Column<string>(type: "text", nullable: false),
                    TrackId = table.Column<Guid>(type: "uuid", nullable: true),
                    WatchedAreaId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReportedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Pattern = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    TriggerDetections = table.Column<string>(type: "text", nullable: true),
                    SourceKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ResponsePlanId = table.Column<Guid>(type: "uuid", nullable: true),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    Checkpoint = table.Column<string>(type: "text", nullable: true),
                    Result = table.Column<string>(type: "text", nullable: true),
                    Error = table.Column<string>(type: "text", nullable: true),
                    Done = table.Column<long>(type: "bigint", nullable: false),
                    Total = table.Column<long>(type: "bigint", nullable: true),
                    Message = table.Column<string>(type: "text", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    ClaimedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CancelRequested = table.Column<bool>(type: "boolean", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    HeartbeatAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jobs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "lost_document_lists",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ActiveVersion = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lost_document_lists", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "office_capacities",
                columns: table => new
                {
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Office = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RedPerDay = table.Column<int>(type: "integer", nullable: false),
                    YellowPerDay = table.Column<int>(type: "integer", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_office_capacities", x => new { x.OwningAgencyId, x.Office });
                });

            migrationBuilder.CreateTable(
                name: "operations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    Participants = table.Column<string>(type: "text", nullable: false),
                    Objectives = table.Column<string>(type: "text", nullable: false),
                    AreaGeoJson = table.Column<string>(type: "text", nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LegalBasisAgreementId = table.Column<Guid>(type: "uuid", nullable: true),
                    CommsPlan = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_operations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "passenger_manifests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false, defaultValue: 4),
                    Carrier = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Transport = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Mode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Vessel = table.Column<string>(type: "character varying(70)", maxLength: 70, nullable: true),
                    List = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Departure = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    DepartureDate = table.Column<DateOnly>(type: "date", nullable: false),
                    DepartureTime = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    Arrival = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    ArrivalTime = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    Route = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    MessageReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TravellerCount = table.Column<int>(type: "integer", nullable: false),
                    ContentHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    FirstReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_passenger_manifests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "patrol_asset_bookings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PatrolId = table.Column<Guid>(type: "uuid", nullable: false),
                    AssetId = table.Column<Guid>(type: "uuid", nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patrol_asset_bookings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "patrol_assignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PatrolId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Duty = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patrol_assignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "patrols",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OperationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AreaGeoJson = table.Column<string>(type: "text", nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Countries = table.Column<string>(type: "text", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_patrols", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pre_arrival_consignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false, defaultValue: 4),
                    Office = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Filer = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Reference = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    ConsignorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ConsignorAddress = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    ConsignorCountry = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    ConsigneeName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ConsigneeAddress = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    ConsigneeCountry = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    GoodsDescription = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    HsCode = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    GrossKg = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: false),
                    Packages = table.Column<int>(type: "integer", nullable: false),
                    TransportMode = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Conveyance = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    Route = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ExpectedArrival = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ContainerCount = table.Column<int>(type: "integer", nullable: false),
                    ContentHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    FirstReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pre_arrival_consignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "qualifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ValidUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Evidence = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_qualifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quarantined_records",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Position = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Number = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    Content = table.Column<string>(type: "text", nullable: false),
                    ContentIsJson = table.Column<bool>(type: "boolean", nullable: false),
                    Errors = table.Column<string>(type: "text", nullable: false),
                    RawHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResolvedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ResolvedRecordId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quarantined_records", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rejected_sensor_messages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Raw = table.Column<string>(type: "text", nullable: false),
                    Errors = table.Column<string>(type: "text", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rejected_sensor_messages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "response_plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IncidentType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NotifyAgencies = table.Column<string>(type: "text", nullable: false),
                    Steps = table.Column<string>(type: "text", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_response_plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_criteria",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Expression = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    ItemLevel = table.Column<bool>(type: "boolean", nullable: false),
                    Weight = table.Column<double>(type: "double precision", nullable: true),
                    Lane = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    ReferTo = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    AuthorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    AuthorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_criteria", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_model_weeks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ModelVersion = table.Column<int>(type: "integer", nullable: false),
                    Week = table.Column<int>(type: "integer", nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    To = table.Column<DateOnly>(type: "date", nullable: false),
                    Rows = table.Column<int>(type: "integer", nullable: false),
                    Irregular = table.Column<int>(type: "integer", nullable: false),
                    PrecisionAt5 = table.Column<double>(type: "double precision", nullable: false),
                    RevenueAt5 = table.Column<double>(type: "double precision", nullable: false),
                    Auc = table.Column<double>(type: "double precision", nullable: false),
                    MeasuredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_model_weeks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "risk_models",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Algorithm = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    TrainFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    TrainUntil = table.Column<DateOnly>(type: "date", nullable: false),
                    TrainingRows = table.Column<int>(type: "integer", nullable: false),
                    TrainingIrregular = table.Column<int>(type: "integer", nullable: false),
                    Features = table.Column<string>(type: "text", nullable: false),
                    Evaluation = table.Column<string>(type: "text", nullable: true),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    TrainingSeconds = table.Column<double>(type: "double precision", nullable: false),
                    ModelBytes = table.Column<byte[]>(type: "bytea", nullable: false),
                    TrainedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TrainedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Origin = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Promotion = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_models", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "screening_backlog",
                columns: table => new
                {
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    RecordType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    QueuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_screening_backlog", x => new { x.RecordId, x.Version });
                });

            migrationBuilder.CreateTable(
                name: "screening_dismissals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    PartyKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EntityId = table.Column<Guid>(type: "uuid", nullable: false),
                    EntryContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    DismissedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DismissedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    HitId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_screening_dismissals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "screening_hits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false),
                    RecordType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordReference = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    RecordVersion = table.Column<int>(type: "integer", nullable: false),
                    PartyRole = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PartyName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PartyCountry = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    PartyIdentifiers = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PartyKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    EntityId = table.Column<Guid>(type: "uuid", nullable: false),
                    ListId = table.Column<Guid>(type: "uuid", nullable: false),
                    ListName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ListVersion = table.Column<int>(type: "integer", nullable: false),
                    EntrySourceId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EntryName = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    MatchedName = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    EntryContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    Band = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Explanation = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReviewedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReviewReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    DismissalId = table.Column<Guid>(type: "uuid", nullable: true),
                    StatusNote = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_screening_hits", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "seizures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    InspectionId = table.Column<Guid>(type: "uuid", nullable: true),
                    DeclarationId = table.Column<Guid>(type: "uuid", nullable: true),
                    Office = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Place = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Latitude = table.Column<double>(type: "double precision", nullable: true),
                    Longitude = table.Column<double>(type: "double precision", nullable: true),
                    SeizedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RouteFrom = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    RouteTo = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    Items = table.Column<string>(type: "text", nullable: false),
                    SeizingOfficers = table.Column<List<string>>(type: "text[]", nullable: false),
                    Witnesses = table.Column<List<string>>(type: "text[]", nullable: false),
                    Owner = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    LegalBasis = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ConcealmentMethod = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DetectionMethod = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SealNumbers = table.Column<List<string>>(type: "text[]", nullable: false),
                    StorageLocation = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Perishable = table.Column<bool>(type: "boolean", nullable: false),
                    Hazardous = table.Column<bool>(type: "boolean", nullable: false),
                    LegalState = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AppealPeriodDays = table.Column<int>(type: "integer", nullable: false),
                    NoticeIssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NoticeDeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NoticeDeliveryMethod = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AppealFiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AppealGrounds = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    AppealDecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AppealDecision = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    PaymentDue = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    PaymentRecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PaymentReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    DisposalMethod = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    DisposalWitnesses = table.Column<List<string>>(type: "text[]", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_seizures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sensor_detections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SensorId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SourceUid = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    How = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Latitude = table.Column<double>(type: "double precision", nullable: false),
                    Longitude = table.Column<double>(type: "double precision", nullable: false),
                    Hae = table.Column<double>(type: "double precision", nullable: true),
                    Ce = table.Column<double>(type: "double precision", nullable: true),
                    Le = table.Column<double>(type: "double precision", nullable: true),
                    ObservedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StaleAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TrackId = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceKey = table.Column<string>(type: "character varying(340)", maxLength: 340, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sensor_detections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sensor_feed_versions",
                columns: table => new
                {
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sensor_feed_versions", x => x.OwningAgencyId);
                });

            migrationBuilder.CreateTable(
                name: "sensor_tracks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceUid = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Kind = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FirstSeen = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSeen = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastLatitude = table.Column<double>(type: "double precision", nullable: false),
                    LastLongitude = table.Column<double>(type: "double precision", nullable: false),
                    DetectionCount = table.Column<int>(type: "integer", nullable: false),
                    InsideAreas = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    LastDetectionId = table.Column<Guid>(type: "uuid", nullable: true),
                    PatternState = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sensor_tracks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_agreement_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Snapshot = table.Column<string>(type: "text", nullable: false),
                    Change = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChangedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_agreement_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sharing_agreements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ProviderAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecipientAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordTypes = table.Column<string>(type: "text", nullable: false),
                    MaxMarking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Purposes = table.Column<string>(type: "text", nullable: false),
                    Redactions = table.Column<string>(type: "text", nullable: false),
                    OnwardSharing = table.Column<bool>(type: "boolean", nullable: false),
                    PersonalData = table.Column<bool>(type: "boolean", nullable: false),
                    ValidFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ValidUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ProviderApprovedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    ProviderApprovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RecipientApprovedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    RecipientApprovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevocationReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedBy = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sharing_agreements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "trade_message_outbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Recipient = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    InterchangeReference = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: false),
                    MessageReference = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: true),
                    DeclarationNumber = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    DeclarationId = table.Column<Guid>(type: "uuid", nullable: true),
                    AnswerKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trade_message_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "training_sessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    HeldAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Trains = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    ValidForMonths = table.Column<int>(type: "integer", nullable: false),
                    Participants = table.Column<string>(type: "text", nullable: false),
                    OperationId = table.Column<Guid>(type: "uuid", nullable: true),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_sessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "watch_lists",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    BlockThreshold = table.Column<double>(type: "double precision", nullable: false),
                    ReviewThreshold = table.Column<double>(type: "double precision", nullable: false),
                    ActiveVersion = table.Column<int>(type: "integer", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_watch_lists", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "watched_areas",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AreaGeoJson = table.Column<string>(type: "text", nullable: false),
                    OperationId = table.Column<Guid>(type: "uuid", nullable: true),
                    IncidentType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Patterns = table.Column<int>(type: "integer", nullable: false, defaultValue: 1),
                    CrossingPoints = table.Column<string>(type: "text", nullable: true),
                    LoiterRadiusMetres = table.Column<double>(type: "double precision", nullable: false, defaultValue: 200.0),
                    LoiterMinutes = table.Column<double>(type: "double precision", nullable: false, defaultValue: 10.0),
                    LowSlowMaxSpeed = table.Column<double>(type: "double precision", nullable: false, defaultValue: 25.0),
                    LowSlowMaxAltitude = table.Column<double>(type: "double precision", nullable: false, defaultValue: 150.0),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_watched_areas", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "agency_identity_providers",
                columns: table => new
                {
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Issuer = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    ClientId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProtectedClientSecret = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RoleClaim = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RoleMapping = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    LocalPasswordsDisabled = table.Column<bool>(type: "boolean", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agency_identity_providers", x => x.AgencyId);
                    table.ForeignKey(
                        name: "FK_agency_identity_providers_agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Prefix = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SecretHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Roles = table.Column<int>(type: "integer", nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastUsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_keys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_api_keys_agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "custody_posts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_custody_posts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_custody_posts_agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Roles = table.Column<int>(type: "integer", nullable: false),
                    PasswordHash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FailedSignIns = table.Column<int>(type: "integer", nullable: false),
                    LockedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MustChangePassword = table.Column<bool>(type: "boolean", nullable: false),
                    Disabled = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSignInAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SecurityStamp = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TotpSecret = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    TotpLastStep = table.Column<long>(type: "bigint", nullable: true),
                    RecoveryCodeHashes = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ExternalIssuer = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    ExternalSubject = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_users", x => x.Id);
                    table.ForeignKey(
                        name: "FK_users_agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "case_notes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_notes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_case_notes_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "case_persons",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Identifier = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    Company = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_persons", x => x.Id);
                    table.ForeignKey(
                        name: "FK_case_persons_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "case_tasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    AssignedAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Assignee = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DoneBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_tasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_case_tasks_cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "declaration_items",
                columns: table => new
                {
                    DeclarationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Line = table.Column<int>(type: "integer", nullable: false),
                    HsCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Description = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    Quantity = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: true),
                    Unit = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    GrossKg = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: true),
                    NetKg = table.Column<decimal>(type: "numeric(18,3)", precision: 18, scale: 3, nullable: true),
                    Fob = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    Cif = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    Duties = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    Taxes = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_declaration_items", x => new { x.DeclarationId, x.Line });
                    table.ForeignKey(
                        name: "FK_declaration_items_declarations_DeclarationId",
                        column: x => x.DeclarationId,
                        principalTable: "declarations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "declaration_releases",
                columns: table => new
                {
                    DeclarationId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    ReleasedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReleasedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PaymentReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_declaration_releases", x => x.DeclarationId);
                    table.ForeignKey(
                        name: "FK_declaration_releases_declarations_DeclarationId",
                        column: x => x.DeclarationId,
                        principalTable: "declarations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "declaration_versions",
                columns: table => new
                {
                    DeclarationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    ContentHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_declaration_versions", x => new { x.DeclarationId, x.Version });
                    table.ForeignKey(
                        name: "FK_declaration_versions_declarations_DeclarationId",
                        column: x => x.DeclarationId,
                        principalTable: "declarations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "inspection_outcomes",
                columns: table => new
                {
                    DeclarationId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Illicit = table.Column<bool>(type: "boolean", nullable: false),
                    Revenue = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspection_outcomes", x => x.DeclarationId);
                    table.ForeignKey(
                        name: "FK_inspection_outcomes_declarations_DeclarationId",
                        column: x => x.DeclarationId,
                        principalTable: "declarations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "inspections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false),
                    DeclarationId = table.Column<Guid>(type: "uuid", nullable: false),
                    DeclarationNumber = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Office = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Lane = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Origin = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    ReferringAgencyId = table.Column<Guid>(type: "uuid", nullable: true),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Types = table.Column<List<string>>(type: "text[]", nullable: false),
                    Officers = table.Column<List<string>>(type: "text[]", nullable: false),
                    Status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Findings = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Irregular = table.Column<bool>(type: "boolean", nullable: true),
                    IrregularityKinds = table.Column<List<string>>(type: "text[]", nullable: false),
                    RevenueRaised = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    Adjustments = table.Column<string>(type: "text", nullable: false),
                    Decision = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    OutcomeRecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    OutcomeRecordedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_inspections_declarations_DeclarationId",
                        column: x => x.DeclarationId,
                        principalTable: "declarations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "lane_decisions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DeclarationId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false),
                    Office = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    DeclarationNumber = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    LodgedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Lane = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    RandomPick = table.Column<bool>(type: "boolean", nullable: false),
                    Forced = table.Column<bool>(type: "boolean", nullable: false),
                    ModelVersion = table.Column<int>(type: "integer", nullable: true),
                    Probability = table.Column<double>(type: "double precision", nullable: true),
                    ExpectedRevenue = table.Column<double>(type: "double precision", nullable: true),
                    CriteriaScore = table.Column<double>(type: "double precision", nullable: false),
                    Priority = table.Column<double>(type: "double precision", nullable: false),
                    Referrals = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Explanation = table.Column<string>(type: "text", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lane_decisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lane_decisions_declarations_DeclarationId",
                        column: x => x.DeclarationId,
                        principalTable: "declarations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "lost_document_list_versions",
                columns: table => new
                {
                    ListId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Edition = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EntryCount = table.Column<int>(type: "integer", nullable: false),
                    Added = table.Column<int>(type: "integer", nullable: false),
                    Changed = table.Column<int>(type: "integer", nullable: false),
                    Removed = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lost_document_list_versions", x => new { x.ListId, x.Number });
                    table.ForeignKey(
                        name: "FK_lost_document_list_versions_lost_document_lists_ListId",
                        column: x => x.ListId,
                        principalTable: "lost_document_lists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "lost_documents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ListId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    IssuingState = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Type = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReportedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AddedInVersion = table.Column<int>(type: "integer", nullable: false),
                    ChangedInVersion = table.Column<int>(type: "integer", nullable: false),
                    RemovedInVersion = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lost_documents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lost_documents_lost_document_lists_ListId",
                        column: x => x.ListId,
                        principalTable: "lost_document_lists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "passenger_manifest_versions",
                columns: table => new
                {
                    ManifestId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    MessageReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ContentHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_passenger_manifest_versions", x => new { x.ManifestId, x.Version });
                    table.ForeignKey(
                        name: "FK_passenger_manifest_versions_passenger_manifests_ManifestId",
                        column: x => x.ManifestId,
                        principalTable: "passenger_manifests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "travellers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ManifestId = table.Column<Guid>(type: "uuid", nullable: false),
                    ManifestVersion = table.Column<int>(type: "integer", nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false, defaultValue: 4),
                    Carrier = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Transport = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    DepartureDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Role = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Surname = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: false),
                    GivenNames = table.Column<string>(type: "character varying(140)", maxLength: 140, nullable: true),
                    Gender = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: true),
                    BirthDate = table.Column<DateOnly>(type: "date", nullable: true),
                    BirthPlace = table.Column<string>(type: "character varying(70)", maxLength: 70, nullable: true),
                    Nationality = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    ResidenceCountry = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    Address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Embarkation = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    Debarkation = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    BookingReference = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true),
                    Seat = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    Bags = table.Column<int>(type: "integer", nullable: true),
                    PersonKey = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Action = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    Reasons = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CheckedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_travellers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_travellers_passenger_manifests_ManifestId",
                        column: x => x.ManifestId,
                        principalTable: "passenger_manifests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "consignment_containers",
                columns: table => new
                {
                    ConsignmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    ContainerNumber = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consignment_containers", x => new { x.ConsignmentId, x.Seq });
                    table.ForeignKey(
                        name: "FK_consignment_containers_pre_arrival_consignments_Consignment~",
                        column: x => x.ConsignmentId,
                        principalTable: "pre_arrival_consignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "consignment_versions",
                columns: table => new
                {
                    ConsignmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    ContentHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_consignment_versions", x => new { x.ConsignmentId, x.Version });
                    table.ForeignKey(
                        name: "FK_consignment_versions_pre_arrival_consignments_ConsignmentId",
                        column: x => x.ConsignmentId,
                        principalTable: "pre_arrival_consignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "risk_criterion_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CriterionId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Caveats = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Expression = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    ItemLevel = table.Column<bool>(type: "boolean", nullable: false),
                    Weight = table.Column<double>(type: "double precision", nullable: true),
                    Lane = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    ReferTo = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    ValidTo = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    AuthorUserId = table.Column<Guid>(type: "uuid", nullable: true),
                    AuthorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_risk_criterion_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_risk_criterion_versions_risk_criteria_CriterionId",
                        column: x => x.CriterionId,
                        principalTable: "risk_criteria",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "custody_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SeizureId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_custody_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_custody_events_seizures_SeizureId",
                        column: x => x.SeizureId,
                        principalTable: "seizures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "legal_steps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SeizureId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    From = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    To = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    By = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    AuthorisedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Details = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_legal_steps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_legal_steps_seizures_SeizureId",
                        column: x => x.SeizureId,
                        principalTable: "seizures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "penalties",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SeizureId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    Trader = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Basis = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    AssessedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AssessedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_penalties", x => x.Id);
                    table.ForeignKey(
                        name: "FK_penalties_seizures_SeizureId",
                        column: x => x.SeizureId,
                        principalTable: "seizures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "security_bonds",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SeizureId = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<int>(type: "integer", nullable: false),
                    Trader = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Surety = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ValidUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    LodgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LodgedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SettledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_security_bonds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_security_bonds_seizures_SeizureId",
                        column: x => x.SeizureId,
                        principalTable: "seizures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "seizure_attachments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SeizureId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AddedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_seizure_attachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_seizure_attachments_seizures_SeizureId",
                        column: x => x.SeizureId,
                        principalTable: "seizures",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "list_entry_changes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ListId = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionNumber = table.Column<int>(type: "integer", nullable: false),
                    SourceId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_list_entry_changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_list_entry_changes_watch_lists_ListId",
                        column: x => x.ListId,
                        principalTable: "watch_lists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "listed_entities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ListId = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PrimaryName = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Details = table.Column<string>(type: "text", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AddedInVersion = table.Column<int>(type: "integer", nullable: false),
                    ChangedInVersion = table.Column<int>(type: "integer", nullable: false),
                    RemovedInVersion = table.Column<int>(type: "integer", nullable: true),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_listed_entities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_listed_entities_watch_lists_ListId",
                        column: x => x.ListId,
                        principalTable: "watch_lists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "watch_list_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ListId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Edition = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    EntryCount = table.Column<int>(type: "integer", nullable: false),
                    Added = table.Column<int>(type: "integer", nullable: false),
                    Changed = table.Column<int>(type: "integer", nullable: false),
                    Removed = table.Column<int>(type: "integer", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_watch_list_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_watch_list_versions_watch_lists_ListId",
                        column: x => x.ListId,
                        principalTable: "watch_lists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "custody_post_holders",
                columns: table => new
                {
                    PostId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_custody_post_holders", x => new { x.PostId, x.UserId });
                    table.ForeignKey(
                        name: "FK_custody_post_holders_custody_posts_PostId",
                        column: x => x.PostId,
                        principalTable: "custody_posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_custody_post_holders_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "travel_documents",
                columns: table => new
                {
                    TravellerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    Type = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Number = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    IssuingState = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    Expiry = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_travel_documents", x => new { x.TravellerId, x.Seq });
                    table.ForeignKey(
                        name: "FK_travel_documents_travellers_TravellerId",
                        column: x => x.TravellerId,
                        principalTable: "travellers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agencies_Code",
                table: "agencies",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_agency_identity_providers_Issuer",
                table: "agency_identity_providers",
                column: "Issuer",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_alert_conditions_OwningAgencyId_Active",
                table: "alert_conditions",
                columns: new[] { "OwningAgencyId", "Active" });

            migrationBuilder.CreateIndex(
                name: "IX_alert_deliveries_AgencyId_UserId_Id",
                table: "alert_deliveries",
                columns: new[] { "AgencyId", "UserId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_alert_deliveries_AlertId_SubscriptionId",
                table: "alert_deliveries",
                columns: new[] { "AlertId", "SubscriptionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_alert_deliveries_Channel_Status_NextAttemptAt",
                table: "alert_deliveries",
                columns: new[] { "Channel", "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_alert_deliveries_IdempotencyKey",
                table: "alert_deliveries",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_alert_deliveries_SubscriptionId_Status",
                table: "alert_deliveries",
                columns: new[] { "SubscriptionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_alert_reads_UserId",
                table: "alert_reads",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_alert_subscriptions_AgencyId_UserId",
                table: "alert_subscriptions",
                columns: new[] { "AgencyId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_CreatedAt",
                table: "alerts",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_alerts_DispatchedAt_CreatedAt",
                table: "alerts",
                columns: new[] { "DispatchedAt", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_Key",
                table: "alerts",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_alerts_OwningAgencyId_Marking",
                table: "alerts",
                columns: new[] { "OwningAgencyId", "Marking" });

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_AgencyId",
                table: "api_keys",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_Prefix",
                table: "api_keys",
                column: "Prefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_assets_Code",
                table: "assets",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_checkpoints_TreeSize",
                table: "audit_checkpoints",
                column: "TreeSize",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Action",
                table: "audit_entries",
                column: "Action");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_ActorAgencyId",
                table: "audit_entries",
                column: "ActorAgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_ActorName",
                table: "audit_entries",
                column: "ActorName");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_RecordAgencyId",
                table: "audit_entries",
                column: "RecordAgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_RecordType_RecordId",
                table: "audit_entries",
                columns: new[] { "RecordType", "RecordId" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Time",
                table: "audit_entries",
                column: "Time");

            migrationBuilder.CreateIndex(
                name: "IX_border_crossings_CrossingPoint_At",
                table: "border_crossings",
                columns: new[] { "CrossingPoint", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_border_crossings_DocumentNumber_DocumentIssuingState",
                table: "border_crossings",
                columns: new[] { "DocumentNumber", "DocumentIssuingState" });

            migrationBuilder.CreateIndex(
                name: "IX_border_crossings_OwningAgencyId_Marking_Caveats",
                table: "border_crossings",
                columns: new[] { "OwningAgencyId", "Marking", "Caveats" });

            migrationBuilder.CreateIndex(
                name: "IX_border_crossings_PersonKey_At",
                table: "border_crossings",
                columns: new[] { "PersonKey", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_break_glass_accesses_OwningAgencyId_At",
                table: "break_glass_accesses",
                columns: new[] { "OwningAgencyId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_case_notes_CaseId",
                table: "case_notes",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_case_persons_CaseId",
                table: "case_persons",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_case_tasks_CaseId",
                table: "case_tasks",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_cases_OwningAgencyId",
                table: "cases",
                column: "OwningAgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_cases_Reference",
                table: "cases",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_consignment_containers_ContainerNumber",
                table: "consignment_containers",
                column: "ContainerNumber");

            migrationBuilder.CreateIndex(
                name: "IX_custody_events_SeizureId_Sequence",
                table: "custody_events",
                columns: new[] { "SeizureId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_custody_post_holders_UserId",
                table: "custody_post_holders",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_custody_posts_AgencyId",
                table: "custody_posts",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_custody_posts_Name",
                table: "custody_posts",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_declaration_items_HsCode",
                table: "declaration_items",
                column: "HsCode");

            migrationBuilder.CreateIndex(
                name: "IX_declarations_ImporterCode",
                table: "declarations",
                column: "ImporterCode");

            migrationBuilder.CreateIndex(
                name: "IX_declarations_LodgedOn",
                table: "declarations",
                column: "LodgedOn");

            migrationBuilder.CreateIndex(
                name: "IX_declarations_Office_Declarant_Number",
                table: "declarations",
                columns: new[] { "Office", "Declarant", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_declarations_Office_LodgedOn",
                table: "declarations",
                columns: new[] { "Office", "LodgedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_declarations_OwningAgencyId_Marking_Caveats",
                table: "declarations",
                columns: new[] { "OwningAgencyId", "Marking", "Caveats" });

            migrationBuilder.CreateIndex(
                name: "IX_federation_agencies_PartnerId_RemoteCode",
                table: "federation_agencies",
                columns: new[] { "PartnerId", "RemoteCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_federation_copies_LocalRecordId",
                table: "federation_copies",
                column: "LocalRecordId");

            migrationBuilder.CreateIndex(
                name: "IX_federation_copies_PartnerId_RecordType_OriginRecordId",
                table: "federation_copies",
                columns: new[] { "PartnerId", "RecordType", "OriginRecordId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_federation_outbox_PartnerId_Sequence",
                table: "federation_outbox",
                columns: new[] { "PartnerId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_federation_partners_Name",
                table: "federation_partners",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_federation_witnesses_PartnerId_Id",
                table: "federation_witnesses",
                columns: new[] { "PartnerId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_incident_tasks_DoneAt_EscalatedAt_DueAt",
                table: "incident_tasks",
                columns: new[] { "DoneAt", "EscalatedAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_incident_tasks_IncidentId",
                table: "incident_tasks",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_incident_updates_IncidentId_At",
                table: "incident_updates",
                columns: new[] { "IncidentId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_incidents_OperationId",
                table: "incidents",
                column: "OperationId");

            migrationBuilder.CreateIndex(
                name: "IX_incidents_OwningAgencyId_SourceKey",
                table: "incidents",
                columns: new[] { "OwningAgencyId", "SourceKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_incidents_ReportedAt",
                table: "incidents",
                column: "ReportedAt");

            migrationBuilder.CreateIndex(
                name: "IX_inspections_CaseId",
                table: "inspections",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_inspections_DeclarationId",
                table: "inspections",
                column: "DeclarationId");

            migrationBuilder.CreateIndex(
                name: "IX_inspections_OwningAgencyId_Status",
                table: "inspections",
                columns: new[] { "OwningAgencyId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_inspections_Reference",
                table: "inspections",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_jobs_OwningAgencyId_CreatedAt",
                table: "jobs",
                columns: new[] { "OwningAgencyId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_jobs_Status_CreatedAt",
                table: "jobs",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_lane_decisions_DeclarationId",
                table: "lane_decisions",
                column: "DeclarationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lane_decisions_OwningAgencyId_Lane_LodgedOn",
                table: "lane_decisions",
                columns: new[] { "OwningAgencyId", "Lane", "LodgedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_lane_decisions_OwningAgencyId_Office_LodgedOn",
                table: "lane_decisions",
                columns: new[] { "OwningAgencyId", "Office", "LodgedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_legal_steps_SeizureId_Sequence",
                table: "legal_steps",
                columns: new[] { "SeizureId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_list_entry_changes_ListId_VersionNumber",
                table: "list_entry_changes",
                columns: new[] { "ListId", "VersionNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_listed_entities_ListId_RemovedInVersion",
                table: "listed_entities",
                columns: new[] { "ListId", "RemovedInVersion" });

            migrationBuilder.CreateIndex(
                name: "IX_listed_entities_ListId_SourceId",
                table: "listed_entities",
                columns: new[] { "ListId", "SourceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lost_document_lists_Name",
                table: "lost_document_lists",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lost_documents_ListId_IssuingState_Number",
                table: "lost_documents",
                columns: new[] { "ListId", "IssuingState", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lost_documents_Number_IssuingState",
                table: "lost_documents",
                columns: new[] { "Number", "IssuingState" });

            migrationBuilder.CreateIndex(
                name: "IX_operations_OwningAgencyId",
                table: "operations",
                column: "OwningAgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_passenger_manifest_versions_ManifestId_MessageReference",
                table: "passenger_manifest_versions",
                columns: new[] { "ManifestId", "MessageReference" });

            migrationBuilder.CreateIndex(
                name: "IX_passenger_manifests_Carrier_Transport_DepartureDate_Departu~",
                table: "passenger_manifests",
                columns: new[] { "Carrier", "Transport", "DepartureDate", "Departure", "Arrival", "List" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_passenger_manifests_DepartureDate",
                table: "passenger_manifests",
                column: "DepartureDate");

            migrationBuilder.CreateIndex(
                name: "IX_passenger_manifests_OwningAgencyId_Marking_Caveats",
                table: "passenger_manifests",
                columns: new[] { "OwningAgencyId", "Marking", "Caveats" });

            migrationBuilder.CreateIndex(
                name: "IX_patrol_asset_bookings_AssetId_StartsAt",
                table: "patrol_asset_bookings",
                columns: new[] { "AssetId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_patrol_asset_bookings_PatrolId",
                table: "patrol_asset_bookings",
                column: "PatrolId");

            migrationBuilder.CreateIndex(
                name: "IX_patrol_assignments_PatrolId",
                table: "patrol_assignments",
                column: "PatrolId");

            migrationBuilder.CreateIndex(
                name: "IX_patrol_assignments_UserId_StartsAt",
                table: "patrol_assignments",
                columns: new[] { "UserId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_patrols_OperationId",
                table: "patrols",
                column: "OperationId");

            migrationBuilder.CreateIndex(
                name: "IX_penalties_SeizureId",
                table: "penalties",
                column: "SeizureId");

            migrationBuilder.CreateIndex(
                name: "IX_pre_arrival_consignments_ExpectedArrival",
                table: "pre_arrival_consignments",
                column: "ExpectedArrival");

            migrationBuilder.CreateIndex(
                name: "IX_pre_arrival_consignments_Office_Filer_Reference",
                table: "pre_arrival_consignments",
                columns: new[] { "Office", "Filer", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pre_arrival_consignments_OwningAgencyId_Marking_Caveats",
                table: "pre_arrival_consignments",
                columns: new[] { "OwningAgencyId", "Marking", "Caveats" });

            migrationBuilder.CreateIndex(
                name: "IX_qualifications_UserId_Kind",
                table: "qualifications",
                columns: new[] { "UserId", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_quarantined_records_OwningAgencyId_Kind_RawHash",
                table: "quarantined_records",
                columns: new[] { "OwningAgencyId", "Kind", "RawHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_quarantined_records_OwningAgencyId_ResolvedAt",
                table: "quarantined_records",
                columns: new[] { "OwningAgencyId", "ResolvedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_rejected_sensor_messages_OwningAgencyId_ReceivedAt",
                table: "rejected_sensor_messages",
                columns: new[] { "OwningAgencyId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_response_plans_OwningAgencyId_IncidentType",
                table: "response_plans",
                columns: new[] { "OwningAgencyId", "IncidentType" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_criteria_OwningAgencyId_Name",
                table: "risk_criteria",
                columns: new[] { "OwningAgencyId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_criteria_OwningAgencyId_Status",
                table: "risk_criteria",
                columns: new[] { "OwningAgencyId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_criterion_versions_CriterionId_Version",
                table: "risk_criterion_versions",
                columns: new[] { "CriterionId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_model_weeks_OwningAgencyId_ModelVersion_Week",
                table: "risk_model_weeks",
                columns: new[] { "OwningAgencyId", "ModelVersion", "Week" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_risk_models_OwningAgencyId_Active",
                table: "risk_models",
                columns: new[] { "OwningAgencyId", "Active" });

            migrationBuilder.CreateIndex(
                name: "IX_risk_models_OwningAgencyId_Version",
                table: "risk_models",
                columns: new[] { "OwningAgencyId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_screening_backlog_OwningAgencyId_QueuedAt",
                table: "screening_backlog",
                columns: new[] { "OwningAgencyId", "QueuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_screening_dismissals_OwningAgencyId_PartyKey_EntityId",
                table: "screening_dismissals",
                columns: new[] { "OwningAgencyId", "PartyKey", "EntityId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_screening_hits_EntityId",
                table: "screening_hits",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_screening_hits_OwningAgencyId_Status_CreatedAt",
                table: "screening_hits",
                columns: new[] { "OwningAgencyId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_screening_hits_PartyKey_EntityId",
                table: "screening_hits",
                columns: new[] { "PartyKey", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_screening_hits_RecordId_PartyRole_EntityId",
                table: "screening_hits",
                columns: new[] { "RecordId", "PartyRole", "EntityId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_security_bonds_SeizureId",
                table: "security_bonds",
                column: "SeizureId");

            migrationBuilder.CreateIndex(
                name: "IX_seizure_attachments_SeizureId_Sha256",
                table: "seizure_attachments",
                columns: new[] { "SeizureId", "Sha256" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_seizures_CaseId",
                table: "seizures",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_seizures_OwningAgencyId_SeizedAt",
                table: "seizures",
                columns: new[] { "OwningAgencyId", "SeizedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_seizures_Reference",
                table: "seizures",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sensor_detections_OwningAgencyId_ObservedAt",
                table: "sensor_detections",
                columns: new[] { "OwningAgencyId", "ObservedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sensor_detections_OwningAgencyId_SourceKey",
                table: "sensor_detections",
                columns: new[] { "OwningAgencyId", "SourceKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sensor_detections_ReceivedAt",
                table: "sensor_detections",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_sensor_detections_TrackId_ObservedAt",
                table: "sensor_detections",
                columns: new[] { "TrackId", "ObservedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sensor_tracks_OwningAgencyId_LastSeen",
                table: "sensor_tracks",
                columns: new[] { "OwningAgencyId", "LastSeen" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_agreement_versions_AgreementId_Version",
                table: "sharing_agreement_versions",
                columns: new[] { "AgreementId", "Version" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_agreements_ProviderAgencyId_RecipientAgencyId",
                table: "sharing_agreements",
                columns: new[] { "ProviderAgencyId", "RecipientAgencyId" });

            migrationBuilder.CreateIndex(
                name: "IX_sharing_agreements_RecipientAgencyId",
                table: "sharing_agreements",
                column: "RecipientAgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_trade_message_outbox_OwningAgencyId_AnswerKey",
                table: "trade_message_outbox",
                columns: new[] { "OwningAgencyId", "AnswerKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_trade_message_outbox_OwningAgencyId_Sequence",
                table: "trade_message_outbox",
                columns: new[] { "OwningAgencyId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_training_sessions_HeldAt",
                table: "training_sessions",
                column: "HeldAt");

            migrationBuilder.CreateIndex(
                name: "IX_travel_documents_Number_IssuingState",
                table: "travel_documents",
                columns: new[] { "Number", "IssuingState" });

            migrationBuilder.CreateIndex(
                name: "IX_travellers_ManifestId_Action",
                table: "travellers",
                columns: new[] { "ManifestId", "Action" });

            migrationBuilder.CreateIndex(
                name: "IX_travellers_ManifestId_Seq",
                table: "travellers",
                columns: new[] { "ManifestId", "Seq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_travellers_OwningAgencyId_Marking_Caveats",
                table: "travellers",
                columns: new[] { "OwningAgencyId", "Marking", "Caveats" });

            migrationBuilder.CreateIndex(
                name: "IX_travellers_PersonKey",
                table: "travellers",
                column: "PersonKey");

            migrationBuilder.CreateIndex(
                name: "IX_travellers_Surname_BirthDate",
                table: "travellers",
                columns: new[] { "Surname", "BirthDate" });

            migrationBuilder.CreateIndex(
                name: "IX_users_AgencyId",
                table: "users",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_users_ExternalIssuer_ExternalSubject",
                table: "users",
                columns: new[] { "ExternalIssuer", "ExternalSubject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_users_UserName",
                table: "users",
                column: "UserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_watch_list_versions_ListId_Number",
                table: "watch_list_versions",
                columns: new[] { "ListId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_watch_lists_Name",
                table: "watch_lists",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_watched_areas_OwningAgencyId",
                table: "watched_areas",
                column: "OwningAgencyId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agency_identity_providers");

            migrationBuilder.DropTable(
                name: "alert_conditions");

            migrationBuilder.DropTable(
                name: "alert_deliveries");

            migrationBuilder.DropTable(
                name: "alert_reads");

            migrationBuilder.DropTable(
                name: "alert_subscriptions");

            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "assets");

            migrationBuilder.DropTable(
                name: "audit_checkpoints");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "audit_tree_nodes");

            migrationBuilder.DropTable(
                name: "border_crossings");

            migrationBuilder.DropTable(
                name: "break_glass_accesses");

            migrationBuilder.DropTable(
                name: "case_notes");

            migrationBuilder.DropTable(
                name: "case_persons");

            migrationBuilder.DropTable(
                name: "case_tasks");

            migrationBuilder.DropTable(
                name: "consignment_containers");

            migrationBuilder.DropTable(
                name: "consignment_versions");

            migrationBuilder.DropTable(
                name: "custody_events");

            migrationBuilder.DropTable(
                name: "custody_post_holders");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "declaration_items");

            migrationBuilder.DropTable(
                name: "declaration_releases");

            migrationBuilder.DropTable(
                name: "declaration_versions");

            migrationBuilder.DropTable(
                name: "evidence_blobs");

            migrationBuilder.DropTable(
                name: "federation_agencies");

            migrationBuilder.DropTable(
                name: "federation_agreement_links");

            migrationBuilder.DropTable(
                name: "federation_copies");

            migrationBuilder.DropTable(
                name: "federation_inbound");

            migrationBuilder.DropTable(
                name: "federation_outbox");

            migrationBuilder.DropTable(
                name: "federation_partners");

            migrationBuilder.DropTable(
                name: "federation_sent");

            migrationBuilder.DropTable(
                name: "federation_witnesses");

            migrationBuilder.DropTable(
                name: "incident_tasks");

            migrationBuilder.DropTable(
                name: "incident_updates");

            migrationBuilder.DropTable(
                name: "incidents");

            migrationBuilder.DropTable(
                name: "inspection_outcomes");

            migrationBuilder.DropTable(
                name: "inspections");

            migrationBuilder.DropTable(
                name: "jobs");

            migrationBuilder.DropTable(
                name: "lane_decisions");

            migrationBuilder.DropTable(
                name: "legal_steps");

            migrationBuilder.DropTable(
                name: "list_entry_changes");

            migrationBuilder.DropTable(
                name: "listed_entities");

            migrationBuilder.DropTable(
                name: "lost_document_list_versions");

            migrationBuilder.DropTable(
                name: "lost_documents");

            migrationBuilder.DropTable(
                name: "office_capacities");

            migrationBuilder.DropTable(
                name: "operations");

            migrationBuilder.DropTable(
                name: "passenger_manifest_versions");

            migrationBuilder.DropTable(
                name: "patrol_asset_bookings");

            migrationBuilder.DropTable(
                name: "patrol_assignments");

            migrationBuilder.DropTable(
                name: "patrols");

            migrationBuilder.DropTable(
                name: "penalties");

            migrationBuilder.DropTable(
                name: "qualifications");

            migrationBuilder.DropTable(
                name: "quarantined_records");

            migrationBuilder.DropTable(
                name: "rejected_sensor_messages");

            migrationBuilder.DropTable(
                name: "response_plans");

            migrationBuilder.DropTable(
                name: "risk_criterion_versions");

            migrationBuilder.DropTable(
                name: "risk_model_weeks");

            migrationBuilder.DropTable(
                name: "risk_models");

            migrationBuilder.DropTable(
                name: "screening_backlog");

            migrationBuilder.DropTable(
                name: "screening_dismissals");

            migrationBuilder.DropTable(
                name: "screening_hits");

            migrationBuilder.DropTable(
                name: "security_bonds");

            migrationBuilder.DropTable(
                name: "seizure_attachments");

            migrationBuilder.DropTable(
                name: "sensor_detections");

            migrationBuilder.DropTable(
                name: "sensor_feed_versions");

            migrationBuilder.DropTable(
                name: "sensor_tracks");

            migrationBuilder.DropTable(
                name: "sharing_agreement_versions");

            migrationBuilder.DropTable(
                name: "sharing_agreements");

            migrationBuilder.DropTable(
                name: "trade_message_outbox");

            migrationBuilder.DropTable(
                name: "training_sessions");

            migrationBuilder.DropTable(
                name: "travel_documents");

            migrationBuilder.DropTable(
                name: "watch_list_versions");

            migrationBuilder.DropTable(
                name: "watched_areas");

            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "pre_arrival_consignments");

            migrationBuilder.DropTable(
                name: "custody_posts");

            migrationBuilder.DropTable(
                name: "users");

            migrationBuilder.DropTable(
                name: "declarations");

            migrationBuilder.DropTable(
                name: "lost_document_lists");

            migrationBuilder.DropTable(
                name: "risk_criteria");

            migrationBuilder.DropTable(
                name: "seizures");

            migrationBuilder.DropTable(
                name: "travellers");

            migrationBuilder.DropTable(
                name: "watch_lists");

            migrationBuilder.DropTable(
                name: "agencies");

            migrationBuilder.DropTable(
                name: "passenger_manifests");
        }
    }
}
