// Source index of /work/shared/reference/regulations.md (short titles). Packs copy the entries they
// cite into their own `sources`, so a pack stays self-contained data.
export const SOURCES = {
  S1: { title: '4 CCR §15409 Daily Limits', where: 'govt.westlaw.com/calregs (4 CCR §15409)' },
  S2: { title: 'DCC regulations ch. 3 Retailers (§§15400, 15402)', where: 'rogowaylaw.com/dcc_regulations/chapter-3-retailers' },
  S3: { title: '4 CCR §15403 hours: 6:00 a.m.–10:00 p.m. Pacific', where: 'moval.org/cannabis/faq-legal-retail.html' },
  S4: { title: '4 CCR §15415 Delivery Employees', where: 'govt.westlaw.com/calregs (4 CCR §15415)' },
  S5: { title: '4 CCR §15416 Delivery to a Physical Address', where: 'govt.westlaw.com/calregs (4 CCR §15416)' },
  S7: { title: '4 CCR §15418 Cannabis Goods Carried During Delivery', where: 'cannalawguide.com (4 CCR §15418); older BCC §5418' },
  S8: { title: 'BCC §5420 Delivery Request Receipt', where: 'nesteggg.com/help/bureau-of-cannabis-control-§-5420-delivery-request-receipt' },
  S9: { title: 'CDTFA, Cannabis Retailers', where: 'cdtfa.ca.gov/industry/cannabis/retailers.htm' },
  S10: { title: 'CDTFA Tax Facts: Gross Receipts Subject to Cannabis Excise Tax', where: 'cdtfa.ca.gov/industry/cannabis/tax-facts.htm' },
  S11: { title: 'AB 564 (2025), Stats. 2025 ch. 127; CDTFA 19% rate adjustment', where: 'open.pluralpolicy.com/ca/bills/20252026/AB564' },
  S12: { title: 'California MMIC sales-tax exemption', where: 'abizinaboxcannabis.com; caliva.freshdesk.com; medmen.com' },
  S13: { title: 'Treez California Compliance Guide', where: 'support.treez.io/en/articles/9129328' },
  S14: { title: 'California cannabis product rules (10 mg / 100 mg)', where: 'legalclarity.org/californias-regulations-for-cannabis-products' },
  S15: { title: 'Colorado one-ounce equivalency, R 402(C)(1.5); MED transaction-limit position', where: 'mycomplia.com (2016-09-20, 2017-05-30); weedland.us; steamboattoday.com; kindcastle.com' },
  S16: { title: 'Colorado HB21-1317 concentrate limits', where: 'livwell.com/new-rule-requirements-regulating-marijuana-concentrates' },
  S17: { title: 'C.R.S. 39-28.8-202, 39-26-729; Colorado marijuana taxes', where: 'codes.findlaw.com; law.justia.com; colorado.gov/pacific/tax/marijuana-tax' },
  S18: { title: 'C.R.S. 44-10-501 real-time Metrc recording', where: 'instalawyer.io/laws/colorado-code/44-10-501' },
  S19: { title: 'RCW 69.50.360; WAC 314-55-095', where: 'apps.leg.wa.gov/rcw (69.50.360); law.cornell.edu (WAC 314-55-095)' },
  S20: { title: 'WA DOR, retailers with medical endorsement; WAC 314-55-090', where: 'dor.wa.gov/cannabis-retailers-medical-endorsement' },
  S21: { title: 'Dutchie Washington guide', where: 'business.dutchie.com/state-laws/washington' },
  S22: { title: 'WAC 314-55-015/-055/-079; LCB COVID allowances', where: 'lawfilesext.leg.wa.gov; regulations.justia.com; lcb.wa.gov' },
  S23: { title: 'Dutchie Oregon guide (2026); OLCC retail sale limits flyer; ommpos 2018', where: 'dutchie.com/business/state-laws/oregon; documents.pub; ommpos.com' },
  S24: { title: 'OAR 845-025-2800, -2820, -2880', where: 'secure.sos.state.or.us; regulations.justia.com; oregon.public.law' },
  S25: { title: 'ORS 475C.678; Oregon 17% state + 3% local tax', where: 'courtgpt.ai (ORS 475C.678); payrio.co' },
  S26: { title: 'Dutchie Michigan guide', where: 'business.dutchie.com/state-laws/michigan' },
  S27: { title: 'Mich. Admin. Code R 205.141; MCL 333.27963', where: 'law.cornell.edu (R 205.141); casetext (MCL 333.27963)' },
  S28: { title: 'Mich. Admin. Code R 420.207, 420.207a', where: 'law.cornell.edu (R 420.207)' },
  S29: { title: 'Michigan usable-marihuana equivalents', where: 'greenlightmmj.com/conversion-chart-weight-limits; culturemagazine.com' },
  S30: { title: '410 ILCS 705/65-10; 86 IAC 423', where: 'ilga.gov (410 ILCS 705/65-10, 86 IAC 423.115/423.120); illinoiscannabis.org' },
  S31: { title: 'Dutchie Illinois guide; Treez Illinois purchase limits', where: 'business.dutchie.com/state-laws/illinois; support.treez.io/en/articles/11403363' },
  S32: { title: '410 ILCS 705/15-70; Illinois medical 2.5 oz / 14 days', where: 'explorecarbondale.com; pharmacannis.com/il/disclaimers; ilga.gov SB2281' },
  S33: { title: 'Dutchie Massachusetts guide', where: 'business.dutchie.com/state-laws/massachusetts' },
  S34: { title: 'MA CCC taxes and fees; 830 CMR 64N.1.1; M.G.L. c.64N', where: 'masscannabiscontrol.com/taxes-and-fees; mass.gov' },
  S35: { title: '935 CMR 500.140', where: 'regulations.justia.com (935 CMR 500.140); greatbarringtondispensary.com' },
  S36: { title: '935 CMR 501.140', where: 'regulations.justia.com (935 CMR 501.140)' },
  S37: { title: 'Dutchie Nevada guide; SB 277 (2023)', where: 'business.dutchie.com/state-laws/nevada; thegerstenlawfirm.com' },
  S38: { title: 'NRS 678D.420; NRS 372A.290', where: 'lawserver.com (NRS 678D.420); casetext (NRS 372A.290); leafsheets.com' },
  S39: { title: 'NCCR 7.015; NAC 453A delivery manifest', where: 'flowhub.com/nevada-cannabis-laws; casetext' },
  S40: { title: 'Dutchie Arizona guide; A.R.S. 42-5452; A.R.S. 36-2864; ADOR', where: 'business.dutchie.com/state-laws/arizona; azleg.gov/ars/42/05452.htm' },
  S41: { title: 'N.Y. Tax Law §493', where: 'newyork.public.law/laws/n.y._tax_law_section_493; mrtalaw.com' },
  S42: { title: 'Dutchie New York guide; 9 NYCRR 123.10, 123.20', where: 'business.dutchie.com/state-laws/new-york; regulations.justia.com' },
  S43: { title: 'NJ CRC 2022-04-21 release; N.J.A.C. 17:30-14.3', where: 'nj.gov/cannabis (2022-04-21); casetext; ecode360.com/37875999' },
  S44: { title: 'Maryland: COMAR 14.17.12.04, 14.17.13.03, 10.62.30.04; Dutchie Maryland guide', where: 'dsd.maryland.gov; casetext; business.dutchie.com/state-laws/maryland; norml.org 2025-04-10' },
  S45: { title: 'Dutchie Missouri guide; Missouri DOR marijuana taxes', where: 'business.dutchie.com/state-laws/missouri; dor.mo.gov/taxation/business/marijuana.html' },
  S46: { title: 'ORC 3780.22; Ohio DCC June 2025 limits; SB 56', where: 'law.counselstack.com (ORC 3780.22); 420intel.com; sciotopost.com' },
  S47: { title: 'Ontario: buying recreational cannabis; federal excise tables', where: 'ontario.ca/page/buying-recreational-cannabis; fin.gc.ca' },
} as const;

export type SourceId = keyof typeof SOURCES;

/** The pack's `sources` list for the given ids. */
export function sourcesFor(...ids: SourceId[]): { id: SourceId; title: string; where: string }[] {
  return ids.map((id) => ({ id, ...SOURCES[id] }));
}

/** A value's source: the ids plus a short title. */
export function cite(title: string, ...ids: SourceId[]): { refs: SourceId[]; title: string } {
  return { refs: ids, title };
}
