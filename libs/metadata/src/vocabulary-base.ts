/** Base of the APDC concept schemes' IRIs: `<base><scheme>/<slug>`, e.g. `…/messenger/neutrino`. */
export const APDC_VOCABULARY_BASE = 'https://w3id.org/apdc/vocab/';
