// The alerts module: rules turn events and stuck queues into alerts, which are listed, acknowledged,
// resolved, sent to webhooks (as `alerts.alert.raised`) and by e-mail.
export { registerAlertSubscribers, alertSchedulerOf, applyEventRules, EVENT_RULES_SUBSCRIBER, EMAIL_SUBSCRIBER } from './alerts.module';
export { registerAlertCheck, registeredAlertChecks, runAlertChecks, type AlertCheck, type AlertFinding, type AlertCheckContext } from './alerts.checks';
export { raiseAlert, raiseAlertIn, ALERT_RAISED, ALERT_ACKNOWLEDGED, ALERT_RESOLVED, type NewAlert, type AlertView } from './alerts.service';
export { alertRoutes } from './alerts.routes';
