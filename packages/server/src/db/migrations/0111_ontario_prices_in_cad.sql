-- A price is in its store's currency, which is its jurisdiction pack's; the catalog API and the
-- product import write it since December 2026. Prices written before then took the column's
-- default, USD, even at a store whose pack prices in CAD, and the menu and the price API said
-- USD for Canadian dollars. The amounts were always charged as the store's own money, so only the
-- label is wrong: it is set to the pack's. At the time of this migration Ontario (CA-ON) is the
-- one pack whose currency is not USD.
update sku_price p
   set currency = 'CAD'
  from store s
 where s.id = p.store_id
   and s.jurisdiction = 'CA-ON'
   and p.currency = 'USD';
