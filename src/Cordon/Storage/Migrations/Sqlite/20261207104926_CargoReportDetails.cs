using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 35,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ConsignorCode",
                table: "pre_arrival_consignments",
                type: "TEXT",
                maxLength: 35,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NotifyAddress",
                table: "pre_arrival_consignments",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NotifyCode",
                table: "pre_arrival_consignments",
                type: "TEXT",
                maxLength: 35,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NotifyCountry",
                table: "pre_arrival_consignments",
                type: "TEXT",
                maxLength: 35,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NotifyName",
                table: "pre_arrival_consignments",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PortOfDischarge",
                table: "pre_arrival_consignments",
                type: "TEXT",
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PortOfLoading",
                table: "pre_arrival_consignments",
                type: "TEXT",
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Seals",
                table: "consignment_containers",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "trade_answer_webhooks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwningAgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Marking = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 35, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Secret = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DeliveredThrough = table.Column<long>(type: "INTEGER", nullable: false),
                    LastDeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ClaimedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
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
