using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CargoReportDetails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ConsigneeCode",
                table: "pre_arrival_consignments",
                type: "character varying(35)",
                maxLength: 35,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConsignorCode",
                table: "pre_arrival_consignments",
                type: "character varying(35)",
                maxLength: 35,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NotifyAddress",
                table: "pre_arrival_consignments",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NotifyCode",
                table: "pre_arrival_consignments",
                type: "character varying(35)",
                maxLength: 35,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NotifyCountry",
                table: "pre_arrival_consignments",
                type: "character varying(35)",
                maxLength: 35,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NotifyName",
                table: "pre_arrival_consignments",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PortOfDischarge",
                table: "pre_arrival_consignments",
                type: "character varying(5)",
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PortOfLoading",
                table: "pre_arrival_consignments",
                type: "character varying(5)",
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Seals",
                table: "consignment_containers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "trade_answer_webhooks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Marking = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Recipient = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: false),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Secret = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DeliveredThrough = table.Column<long>(type: "bigint", nullable: false),
                    LastDeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ClaimedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trade_answer_webhooks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_trade_answer_webhooks_OwningAgencyId_Recipient",
                table: "trade_answer_webhooks",
                columns: new[] { "OwningAgencyId", "Recipient" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "trade_answer_webhooks");

            migrationBuilder.DropColumn(
                name: "ConsigneeCode",
                table: "pre_arrival_consignments");

            migrationBuilder.DropColumn(
                name: "ConsignorCode",
                table: "pre_arrival_consignments");

            migrationBuilder.DropColumn(
                name: "NotifyAddress",
                table: "pre_arrival_consignments");

            migrationBuilder.DropColumn(
                name: "NotifyCode",
                table: "pre_arrival_consignments");

            migrationBuilder.DropColumn(
                name: "NotifyCountry",
                table: "pre_arrival_consignments");

            migrationBuilder.DropColumn(
                name: "NotifyName",
                table: "pre_arrival_consignments");

            migrationBuilder.DropColumn(
                name: "PortOfDischarge",
                table: "pre_arrival_consignments");

            migrationBuilder.DropColumn(
                name: "PortOfLoading",
                table: "pre_arrival_consignments");

            migrationBuilder.DropColumn(
                name: "Seals",
                table: "consignment_containers");
        }
    }
}
