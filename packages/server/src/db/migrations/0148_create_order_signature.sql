-- The customer's signature taken at a hand-over (California's delivery request receipt asks for
-- one): the printed name and the image as they signed, one per order, kept as long as the order.
-- Its own table, not columns of sales_order: the image is tens of kilobytes, and every read of an
-- order would carry it; only the receipt reads it.
create table sales_order_signature (
  order_id uuid primary key references sales_order (id),
  organization_id uuid not null references organization (id),
  printed_name text not null check (length(printed_name) between 1 and 100),
  -- The PNG's bytes in base64 (what the receipt's image embeds); at most 64 KiB decoded.
  image_png_base64 text not null check (length(image_png_base64) between 1 and 87384),
  -- SHA-256 of the PNG's bytes, also in the audit row: the image shown later is the one signed.
  image_sha256 text not null,
  signed_at timestamptz not null,
  -- The staff member who took it (the driver at the door, the budtender at the counter).
  taken_by text
);
