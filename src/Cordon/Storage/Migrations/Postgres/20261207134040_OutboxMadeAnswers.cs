using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OutboxMadeAnswers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Content",
                table: "trade_message_outbox",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text");

            migrationBuilder.AddColumn<string>(
                name: "AnsweredBy",
                table: "trade_message_outbox",
                type: "character varying(35)",
                maxLength: 35,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ConsignmentId",
                table: "trade_message_outbox",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DocumentCode",
                table: "trade_message_outbox",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Errors",
                table: "trade_message_outbox",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SyntaxIdentifier",
                table: "trade_message_outbox",
                type: "character varying(4)",
                maxLength: 4,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SyntaxVersion",
                table: "trade_message_outbox",
                type: "character varying(1)",
                maxLength: 1,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "trade_message_outbox",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AnsweredBy",
                table: "trade_message_outbox");

            migrationBuilder.DropColumn(
                name: "ConsignmentId",
                table: "trade_message_outbox");

            migrationBuilder.DropColumn(
                name: "DocumentCode",
                table: "trade_message_outbox");

            migrationBuilder.DropColumn(
                name: "Errors",
                table: "trade_message_outbox");

            migrationBuilder.DropColumn(
                name: "SyntaxIdentifier",
                table: "trade_message_outbox");

            migrationBuilder.DropColumn(
                name: "SyntaxVersion",
                table: "trade_message_outbox");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "trade_message_outbox");

            migrationBuilder.AlterColumn<string>(
                name: "Content",
                table: "trade_message_outbox",
                type: "text",
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);
        }
    }
}
