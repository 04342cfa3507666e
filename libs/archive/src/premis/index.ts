export {
  PREMIS_EVENT_TYPES,
  PREMIS_NAMESPACE,
  type PremisDocumentInput,
  type PremisEvent,
  type PremisEventOutcome,
  type PremisEventType,
  type PremisFile,
  premisEventTypeUri,
  renderPremisXml,
} from './premis-xml.js';
