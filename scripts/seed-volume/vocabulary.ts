/** The words the volume seed builds its names, addresses, subjects and notes from. */

export const FIRST_NAMES = list(`
  Anna, Ben, Clara, David, Elena, Felix, Greta, Hugo, Ida, Jonas, Karla, Leon, Mia, Noah,
  Olivia, Paul, Quentin, Rosa, Samuel, Tara, Umut, Vera, William, Xenia, Yusuf, Zoë, Amelie,
  Bruno, Chiara, Dominik, Emma, Finn, Hannah, Isabel, Jürgen, Katarzyna, Lukas, Marta, Nils,
  Oskar, Priya, Rafael, Sofia, Tobias, Ursula, Viktor, Wiebke, Yara, Łukasz, Mehmet, Aisha,
  Kenji, Laura, Matteo, Nora, Omar, Pia, Ronja, Stefan, Theo
`);
export const LAST_NAMES = list(`
  Müller, Schmidt, Schneider, Fischer, Weber, Meyer, Wagner, Becker, Hoffmann, Schulz, Koch,
  Richter, Klein, Wolf, Neumann, Schwarz, Zimmermann, Braun, Krüger, Hartmann, Lange, Werner,
  Krause, Lehmann, Köhler, Smith, Johnson, Brown, Taylor, Wilson, Davies, Evans, Thomas,
  Roberts, Novak, Kowalski, Nowak, Dubois, Moreau, Laurent, Rossi, Russo, Ferrari, García,
  Martínez, López, Jansen, de Vries, Andersson, Nilsson, Yilmaz, Kaya, Sato, Okafor, Petrov,
  Horvat, Costa, Silva, O'Brien, Murphy
`);
export const COMPANY_WORDS = list(`
  Northwind, Blue Harbor, Silverline, Redwood, Brightpath, Ironbridge, Greenfield, Starlight,
  Clearwater, Summit, Oakridge, Lighthouse, Riverside, Evergreen, Falcon, Granite, Horizon,
  Keystone, Maple, Nordlicht, Polaris, Quantum, Rheinblick, Sapphire, Tidewater, Alpenglow,
  Bergmann, Copperleaf, Driftwood, Elbtal, Fjordline, Goldberg, Hanse, Isarwerk, Juniper,
  Kestrel, Lindenhof, Moosbach, Nightingale, Orion
`);
export const COMPANY_TRADES = list(`
  Logistics, Traders, Software, Consulting, Engineering, Foods, Energy, Textiles, Media,
  Analytics, Robotics, Pharma, Construction, Furniture, Travel, Insurance, Print, Solar,
  Medical, Retail
`);
/** Makes company names rarer: words × trades × qualifiers × legal forms ≈ 77,000 names. */
export const COMPANY_QUALIFIERS = [
  '',
  ...list(`
  International, Group, Solutions, Partners, Systems, Services, Europe, Holding, Works,
  Nord, & Co.
`),
];
export const LEGAL_FORMS = list(`
  GmbH, AG, Ltd, Inc., SE, KG, B.V., S.A.
`);
export const CITIES: [city: string, zip: string][] = [
  ['Berlin', '10115'],
  ['Hamburg', '20095'],
  ['München', '80331'],
  ['Köln', '50667'],
  ['Frankfurt am Main', '60311'],
  ['Stuttgart', '70173'],
  ['Leipzig', '04109'],
  ['Wien', '1010'],
  ['Zürich', '8001'],
  ['London', 'EC1A 1BB'],
  ['Amsterdam', '1012'],
  ['Paris', '75001'],
];
export const STREETS = list(`
  Hauptstraße, Bahnhofstraße, Gartenweg, Industriestraße, Marktplatz, High Street,
  Market Lane
`);
export const FREE_MAIL = list(`
  mail.example, post.example, inbox.example, web.example
`);
export const TAGS = list(`
  vip, partner, newsletter, enterprise, smb, trade fair, referral, reseller, key account,
  public sector, startup, renewal due
`);
export const SOURCES = list(`
  web form, referral, trade fair, cold call, partner, import, phone call
`);
export const CALL_SUBJECTS = list(`
  Intro call, Follow-up call, Qualification call, Check-in call, Pricing questions,
  Renewal call
`);
export const MEETING_SUBJECTS = list(`
  Product demo, Kick-off meeting, Quarterly review, Contract negotiation, On-site visit,
  Workshop
`);
export const TASK_SUBJECTS = list(`
  Send proposal, Prepare quote, Update contact details, Send contract, Schedule demo,
  Check payment, Send case study
`);
export const NOTES = [
  'Prefers email over phone.',
  'Budget approved for next quarter.',
  'The decision maker is the CFO.',
  'Interested in the premium plan.',
  'Asked for references in their industry.',
  'On holiday for the next two weeks.',
  'A competitor offered 10% less.',
  'Wants a pilot before committing.',
];
export const MEETING_PLACES = list(`
  Their office, Our office, Video call, Trade fair booth, Café near their office
`);
export const DEAL_PRODUCTS = list(`
  Annual licence, Onboarding package, Support contract, Expansion, Pilot project,
  Hardware bundle, Consulting days, Renewal
`);

/** The items of a comma-separated list written over several lines. */
function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
