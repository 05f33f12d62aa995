// Generated from Verdant's OpenAPI document by `npm run sdk:generate`. Do not edit by hand.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers and the database answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                            database: string;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: migrated, workers running, not shutting down */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ready";
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alerts, newest first */
        get: {
            parameters: {
                query?: {
                    status?: "open" | "acknowledged" | "resolved" | "unresolved";
                    severity?: "info" | "warning" | "critical";
                    kind?: string;
                    storeId?: string;
                    /** @description Page: alerts older than this id */
                    before?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alerts: components["schemas"]["Alert"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alert rules in force: built-in ones and the organization’s own */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rules: components["schemas"]["AlertRule"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/rules/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Create or replace a rule; using a built-in rule’s key replaces it for this organization */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        ruleType: "event" | "queue_age";
                        eventPattern?: string;
                        resolveEventPattern?: string;
                        source?: string;
                        thresholdMinutes?: number;
                        kind: string;
                        /** @enum {string} */
                        severity: "info" | "warning" | "critical";
                        titleTemplate: string;
                        dedupeTemplate: string;
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AlertRule"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One alert */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Alert"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/{id}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Acknowledge an open alert (someone is on it) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Alert"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/alerts/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resolve an alert; a new occurrence raises a new one */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Alert"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List integration API keys */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            apiKeys: components["schemas"]["ApiKey"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create an integration API key (the caller confirms with their own currentPassword); the key is shown once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        scopes: string[];
                        /** @description The acting staff member’s own password, required to create a key: 403 REAUTHENTICATION_REQUIRED without it, 403 INVALID_CREDENTIALS when wrong (counted like a failed sign-in; 429 ACCOUNT_LOCKED after too many). An API key cannot create API keys. */
                        currentPassword?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            prefix: string;
                            scopes: string[];
                            createdAt: string;
                            revokedAt: string | null;
                            lastUsedAt: string | null;
                            key: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ApiKey"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Query the audit log by entity, actor, action and time range (newest first) */
        get: {
            parameters: {
                query?: {
                    entityType?: string;
                    entityId?: string;
                    actorId?: string;
                    action?: string;
                    storeId?: string;
                    from?: string;
                    to?: string;
                    /** @description Cursor: entries with a smaller id */
                    before?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: components["schemas"]["AuditEntry"][];
                            nextCursor: number | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Check the audit hash chain and name the first broken row */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                            checked: number;
                            unsealed: number;
                            firstBreak: {
                                auditId: number | null;
                                chainSeq: number;
                                problem: string;
                                message: string;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with e-mail and password; sets an httpOnly session cookie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                        /**
                         * Format: uuid
                         * @description The store a register signs in at: a store of the staff member’s organization (else 404 NOT_FOUND at body.storeId) and one they work at (else 403 STORE_NOT_ALLOWED)
                         */
                        storeId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            staff: components["schemas"]["Staff"];
                            expiresAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End this session */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is acting on this session */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            type: string;
                            id: string | null;
                            organizationId: string | null;
                            role?: string;
                            permissions: string[];
                            storeIds: string[];
                            /** @description A locked register: nobody acts until a budtender switches in with their PIN (id is null) */
                            pinRequired: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/pin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A budtender takes over this signed-in register with their PIN (also unlocks a locked register) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        userId: string;
                        pin: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            staff: components["schemas"]["Staff"];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** End the caller’s turn; the register’s own user acts again (409 PIN_REQUIRED on a locked register, 409 PIN_TURN_CHANGED if someone else switched in since) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/pin/staff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who may switch in at this register by PIN: active staff with a PIN at its store, by name (for the PIN pad; a locked register may read it) */
        get: {
            parameters: {
                query?: {
                    /** @description The store, when the register signed in without one */
                    storeId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            staff: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                role: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/carts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start an online cart (pickup or delivery) for a customer at a store
         * @description caregiverId: a caregiver (customer id) shopping for the patient in customerId. It must hold an active link to the patient (else 422 CAREGIVER_NOT_LINKED, checked again at every evaluation and at completion). The cart and the order stay the patient’s: their limits and history apply, and a patient under the medical minimum age is sold to only where the pack lets minor patients buy through a caregiver old enough.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        storeId: string;
                        /** Format: uuid */
                        customerId: string;
                        /**
                         * Format: uuid
                         * @description A linked caregiver buying for the patient in customerId.
                         */
                        caregiverId?: string;
                        /** @enum {string} */
                        channel: "pickup" | "delivery";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/carts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A cart, priced and checked now */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Abandon the cart and release its hold */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/carts/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete an online cart: pay, take the held stock, write the order
         * @description Safe to retry: a cart has at most one order, so a repeated call answers the same order (200, `idempotent-replayed: true`). An Idempotency-Key is accepted as well. Refusals change nothing: CART_EMPTY, HOLD_EXPIRED, TENDER_SHORT, COMPLIANCE_BLOCKED, STORE_CREDIT_NOT_CUSTOMERS (422: store credit of anyone but the cart’s customer, refused before any tender is taken), PAYMENT_DECLINED (the hold is released).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        tenders: {
                            /** @enum {string} */
                            kind: "cash" | "terminal" | "gift_card" | "store_credit" | "simulator";
                            amountCents?: number;
                            tenderedCents?: number;
                            terminalReference?: string;
                            cardLast4?: string;
                            giftCardCode?: string;
                            /**
                             * Format: uuid
                             * @description Store credit: whose it is. Must be the sale’s customer (the patient of a caregiver’s purchase); else 422 STORE_CREDIT_NOT_CUSTOMERS, and a walk-in has none
                             */
                            customerId?: string;
                        }[];
                        /** Format: uuid */
                        registerSessionId?: string;
                        budtenderId?: string;
                        loyaltyPoints?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Completion"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Completion"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                402: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/carts/{id}/coupons": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Coupon codes to apply at completion */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        codes: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/carts/{id}/fulfillment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Pickup or delivery details */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        pickup: {
                            name: string;
                            phone: string;
                            /** Format: date-time */
                            pickupAt?: string;
                        };
                    } | {
                        delivery: {
                            name: string;
                            phone: string;
                            address: {
                                line1: string;
                                line2?: string;
                                city: string;
                                region: string;
                                postalCode: string;
                            };
                            /** Format: date-time */
                            deliverAt?: string;
                            /** @enum {string} */
                            addressType?: "residence" | "hotel" | "business" | "dormitory" | "consumption_establishment" | "inpatient_facility" | "school" | "day_care" | "youth_center" | "public_land";
                            instructions?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/carts/{id}/hold": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Keep the stock held (the customer is still active), or hold it again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/carts/{id}/lines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace every line of the cart */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lines: {
                            /** Format: uuid */
                            skuId: string;
                            quantity: number;
                            packageLabel?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Add a line: checked by the rules engine, stock held; answers the live limit meter */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        skuId: string;
                        quantity: number;
                        packageLabel?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/carts/{id}/lines/{lineNo}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a line’s quantity (0 removes it) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    lineNo: number;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        quantity: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/catalog/brands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List brands */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            brands: components["schemas"]["Brand"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a brand */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        slug?: string;
                        /** @default [] */
                        aliases?: string[];
                        /** @default  */
                        description?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Brand"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/brands/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One brand */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Brand"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a brand no product carries */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a brand */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        slug?: string;
                        aliases?: string[];
                        description?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Brand"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/catalog/normalize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Read a POS register name into category, size, strain type and brand (preview; writes nothing) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        registerName: string;
                        reviewThreshold?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List products with their SKUs and prices (newest first) */
        get: {
            parameters: {
                query?: {
                    /** @description Title, SKU code, register name or barcode */
                    q?: string;
                    code?: string;
                    category?: "flower" | "pre_roll" | "infused_pre_roll" | "vape" | "concentrate" | "edible" | "beverage" | "tincture" | "capsule" | "topical" | "seed" | "plant" | "accessory";
                    brandId?: string;
                    status?: "active" | "archived";
                    reviewStatus?: "confirmed" | "needs_review" | "rejected";
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            products: components["schemas"]["Product"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a product with its SKUs and store prices
         * @description SKUs that give a registerName but leave size or cannabis content out get them from the shorthand normalizer; low-confidence guesses go to the review queue and stay off the storefront until accepted.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title: string;
                        slug?: string;
                        brandId?: string | null;
                        /** @default  */
                        description?: string;
                        /** @enum {string} */
                        category: "flower" | "pre_roll" | "infused_pre_roll" | "vape" | "concentrate" | "edible" | "beverage" | "tincture" | "capsule" | "topical" | "seed" | "plant" | "accessory";
                        strainType?: ("indica" | "sativa" | "hybrid" | "cbd") | null;
                        strainName?: string | null;
                        /** @default [] */
                        effects?: string[];
                        /** @default [] */
                        terpenes?: {
                            name: string;
                            percent?: number;
                        }[];
                        /** @default [] */
                        images?: {
                            /** Format: uri */
                            url: string;
                            alt?: string;
                        }[];
                        seoTitle?: string | null;
                        seoDescription?: string | null;
                        /**
                         * @default active
                         * @enum {string}
                         */
                        status?: "active" | "archived";
                        /** @default [] */
                        skus?: {
                            code: string;
                            registerName?: string | null;
                            barcode?: string | null;
                            sizeLabel?: string;
                            /**
                             * @default each
                             * @enum {string}
                             */
                            unit?: "each" | "weight";
                            netWeightMg?: number | null;
                            packCount?: number | null;
                            thcMg?: number | null;
                            thcMgPerServing?: number | null;
                            thcPercent?: number | null;
                            cbdMg?: number | null;
                            cbdPercent?: number | null;
                            infused?: boolean;
                            /** @default false */
                            medicalOnly?: boolean;
                            adultUseAllowed?: boolean;
                            /** @default [] */
                            restrictedJurisdictions?: string[];
                            /**
                             * @description Product facts the compliance rules match on: perishable (e.g. cookies, brownies: New Jersey sells no perishable edibles) and contains_alcohol (Illinois sells no alcohol products except tinctures of at most 100 ml, read from netWeightMg at 1 g/ml). Checkout, carts and register sales refuse such lines with PRODUCT_NOT_PERMITTED where the store’s jurisdiction prohibits them.
                             * @default []
                             */
                            attributes?: ("perishable" | "contains_alcohol")[];
                            /**
                             * @default active
                             * @enum {string}
                             */
                            status?: "active" | "archived";
                            /** @default [] */
                            prices?: {
                                priceCents: number;
                                /** @default USD */
                                currency?: string;
                                /** @default [] */
                                tiers?: {
                                    minQuantity: number;
                                    unitPriceCents: number;
                                }[];
                                /** Format: uuid */
                                storeId: string;
                            }[];
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One product */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Archive a product (orders and ledgers keep referring to it, so it is never deleted) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a product */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        slug?: string;
                        brandId?: string | null;
                        description?: string;
                        /** @enum {string} */
                        category?: "flower" | "pre_roll" | "infused_pre_roll" | "vape" | "concentrate" | "edible" | "beverage" | "tincture" | "capsule" | "topical" | "seed" | "plant" | "accessory";
                        strainType?: ("indica" | "sativa" | "hybrid" | "cbd") | null;
                        strainName?: string | null;
                        effects?: string[];
                        terpenes?: {
                            name: string;
                            percent?: number;
                        }[];
                        images?: {
                            /** Format: uri */
                            url: string;
                            alt?: string;
                        }[];
                        seoTitle?: string | null;
                        seoDescription?: string | null;
                        /** @enum {string} */
                        status?: "active" | "archived";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/catalog/products/{id}/skus": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a SKU to a product */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        registerName?: string | null;
                        barcode?: string | null;
                        sizeLabel?: string;
                        /**
                         * @default each
                         * @enum {string}
                         */
                        unit?: "each" | "weight";
                        netWeightMg?: number | null;
                        packCount?: number | null;
                        thcMg?: number | null;
                        thcMgPerServing?: number | null;
                        thcPercent?: number | null;
                        cbdMg?: number | null;
                        cbdPercent?: number | null;
                        infused?: boolean;
                        /** @default false */
                        medicalOnly?: boolean;
                        adultUseAllowed?: boolean;
                        /** @default [] */
                        restrictedJurisdictions?: string[];
                        /**
                         * @description Product facts the compliance rules match on: perishable (e.g. cookies, brownies: New Jersey sells no perishable edibles) and contains_alcohol (Illinois sells no alcohol products except tinctures of at most 100 ml, read from netWeightMg at 1 g/ml). Checkout, carts and register sales refuse such lines with PRODUCT_NOT_PERMITTED where the store’s jurisdiction prohibits them.
                         * @default []
                         */
                        attributes?: ("perishable" | "contains_alcohol")[];
                        /**
                         * @default active
                         * @enum {string}
                         */
                        status?: "active" | "archived";
                        /** @default [] */
                        prices?: {
                            priceCents: number;
                            /** @default USD */
                            currency?: string;
                            /** @default [] */
                            tiers?: {
                                minQuantity: number;
                                unitPriceCents: number;
                            }[];
                            /** Format: uuid */
                            storeId: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Register names waiting for a person (oldest first) */
        get: {
            parameters: {
                query?: {
                    status?: "pending" | "accepted" | "rejected";
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["CatalogReviewItem"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/review/{id}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept a guess, with corrections; the SKU becomes sellable */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default {} */
                        corrections?: {
                            /** @enum {string} */
                            category?: "flower" | "pre_roll" | "infused_pre_roll" | "vape" | "concentrate" | "edible" | "beverage" | "tincture" | "capsule" | "topical" | "seed" | "plant" | "accessory";
                            strainType?: ("indica" | "sativa" | "hybrid" | "cbd") | null;
                            brandId?: string | null;
                            sizeLabel?: string;
                            /** @enum {string} */
                            unit?: "each" | "weight";
                            netWeightMg?: number | null;
                            packCount?: number | null;
                            thcMg?: number | null;
                            thcMgPerServing?: number | null;
                            thcPercent?: number | null;
                            cbdMg?: number | null;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CatalogReviewItem"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/review/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a guess; the SKU stays off sale until its structure is set by hand */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CatalogReviewItem"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/skus/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One SKU with its prices */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Sku"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a SKU (setting its size or content confirms a guessed structure) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code?: string;
                        registerName?: string | null;
                        barcode?: string | null;
                        sizeLabel?: string;
                        /** @enum {string} */
                        unit?: "each" | "weight";
                        netWeightMg?: number | null;
                        packCount?: number | null;
                        thcMg?: number | null;
                        thcMgPerServing?: number | null;
                        thcPercent?: number | null;
                        cbdMg?: number | null;
                        cbdPercent?: number | null;
                        infused?: boolean;
                        medicalOnly?: boolean;
                        adultUseAllowed?: boolean;
                        restrictedJurisdictions?: string[];
                        /** @description Product facts the compliance rules match on: perishable (e.g. cookies, brownies: New Jersey sells no perishable edibles) and contains_alcohol (Illinois sells no alcohol products except tinctures of at most 100 ml, read from netWeightMg at 1 g/ml). Checkout, carts and register sales refuse such lines with PRODUCT_NOT_PERMITTED where the store’s jurisdiction prohibits them. */
                        attributes?: ("perishable" | "contains_alcohol")[];
                        /** @enum {string} */
                        status?: "active" | "archived";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/catalog/skus/{id}/prices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the prices of a SKU at several stores */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        prices: {
                            priceCents: number;
                            /** @default USD */
                            currency?: string;
                            /** @default [] */
                            tiers?: {
                                minQuantity: number;
                                unitPriceCents: number;
                            }[];
                            /** Format: uuid */
                            storeId: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            prices: components["schemas"]["SkuPrice"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/skus/{id}/prices/{storeId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the price of a SKU at a store (integer cents, optional quantity tiers) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        priceCents: number;
                        /** @default USD */
                        currency?: string;
                        /** @default [] */
                        tiers?: {
                            minQuantity: number;
                            unitPriceCents: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            prices: components["schemas"]["SkuPrice"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Stop selling a SKU at a store (remove its price) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/compliance/checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check a cart for a customer at a store: history across every store and channel, store overrides and tax rates applied */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        storeId: string;
                        /** Format: uuid */
                        customerId?: string;
                        /**
                         * Format: uuid
                         * @description A caregiver (customer id) buying for the patient in customerId. Must be linked to the patient (else 422 CAREGIVER_NOT_LINKED); the patient’s limits and history apply, and a patient under the medical minimum age is allowed only where the pack lets minor patients buy through a caregiver old enough.
                         */
                        caregiverId?: string;
                        customer?: {
                            /** @enum {string} */
                            kind: "adult_use" | "medical";
                            /** Format: date */
                            birthDate: string;
                            idJurisdiction?: string;
                            medicalCard?: {
                                number: string;
                                jurisdiction: string;
                                /** Format: date */
                                expiresOn: string;
                                /** @enum {string} */
                                kind?: "registry_card" | "recommendation";
                            } | null;
                        };
                        /** @enum {string} */
                        channel: "in_store" | "pickup" | "delivery";
                        /** Format: date-time */
                        at?: string;
                        lines: {
                            sku: string;
                            /** @enum {string} */
                            category: "flower" | "pre_roll" | "infused_pre_roll" | "vape" | "concentrate" | "edible" | "beverage" | "tincture" | "capsule" | "topical" | "seed" | "plant" | "accessory";
                            quantity: number;
                            unitPriceCents: number;
                            discountCents?: number;
                            netWeightMg?: number;
                            thcMg?: number;
                            thcMgPerServing?: number;
                            thcPercent?: number;
                            thcaPercent?: number;
                            infused?: boolean;
                            medicalOnly?: boolean;
                            dohCompliant?: boolean;
                            bundleId?: string;
                            /** @description Product facts some packs prohibit whatever the category: perishable (e.g. cookies, brownies), contains_alcohol. Absent or [] = none. */
                            attributes?: ("perishable" | "contains_alcohol")[];
                        }[];
                        delivery?: {
                            /** Format: date-time */
                            orderedAt?: string;
                            /** Format: date-time */
                            deliverAt?: string;
                            /** @enum {string} */
                            addressType?: "residence" | "hotel" | "business" | "dormitory" | "consumption_establishment" | "inpatient_facility" | "school" | "day_care" | "youth_center" | "public_land";
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ComplianceCheck"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/compliance/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Refusals and overrides, newest first */
        get: {
            parameters: {
                query?: {
                    storeId?: string;
                    customerId?: string;
                    kind?: "refusal" | "override";
                    source?: string;
                    from?: string;
                    to?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            events: components["schemas"]["ComplianceEvent"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/compliance/events.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The same events as CSV, for regulators and spreadsheets */
        get: {
            parameters: {
                query?: {
                    storeId?: string;
                    customerId?: string;
                    kind?: "refusal" | "override";
                    source?: string;
                    from?: string;
                    to?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/compliance/refusals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log a refused sale at the register (overridability is decided from the pack, not the client)
         * @description 404 NOT_FOUND for a store, customer or order that is not the organization’s (a customerId or orderId at its field, details.path); nothing is logged.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        storeId: string;
                        customerId?: string | null;
                        orderId?: string | null;
                        /** @enum {string} */
                        channel: "in_store" | "pickup" | "delivery";
                        /** @enum {string} */
                        source?: "register" | "checkout" | "id_check";
                        violations: {
                            code: string;
                            message: string;
                            rule: string;
                            lines?: number[];
                        }[];
                        packVersion?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ComplianceEvent"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/compliance/refusals/{id}/override": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A manager lifts a refusal, with a reason — only where the pack lets every violation be overridden
         * @description An orderId that is not an order of the organization is 404 NOT_FOUND at body.orderId, and nothing is logged.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                        orderId?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ComplianceEvent"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Find customers by name, e-mail, phone, the last characters of their ID, or a full ID number (matched by keyed hash) */
        get: {
            parameters: {
                query?: {
                    q?: string;
                    idNumber?: string;
                    /** @description Who issued the ID: a state or province (US-CA, CA-ON) or a country (MX, DE) */
                    idJurisdiction?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customers: components["schemas"]["CustomerSummary"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a customer */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        firstName: string;
                        lastName: string;
                        /** Format: date */
                        birthDate: string;
                        email?: string | null;
                        phone?: string | null;
                        /** @enum {string} */
                        kind?: "adult_use" | "medical";
                        idJurisdiction?: string | null;
                        consentMarketing?: boolean;
                        consentDataRetention?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Customer"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One customer, with medical card (masked) and caregiver links */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Customer"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a customer (profile, contact, consent) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        firstName?: string;
                        lastName?: string;
                        /** Format: date */
                        birthDate?: string;
                        email?: string | null;
                        phone?: string | null;
                        /** @enum {string} */
                        kind?: "adult_use" | "medical";
                        idJurisdiction?: string | null;
                        consentMarketing?: boolean;
                        consentDataRetention?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Customer"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/customers/{id}/caregivers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Link a caregiver (another customer) to this patient */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        caregiverCustomerId: string;
                        card?: {
                            number: string;
                            jurisdiction: string;
                            /** Format: date */
                            expiresOn: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CaregiverLink"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}/caregivers/{linkId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End a caregiver link */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    linkId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}/id-scans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check a scanned ID barcode (AAMVA PDF417 text): expired or under-age IDs are refused and logged; only a masked number and keyed hash are kept */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        storeId: string;
                        raw: string;
                        /** @enum {string} */
                        channel?: "in_store" | "pickup" | "delivery";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IdCheckResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}/id-verifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The customer’s accepted ID checks (refusals are in /v1/compliance/events) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            verifications: components["schemas"]["IdVerification"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Record an ID checked by hand (passport, military ID, unreadable barcode); same refusals as a scan */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        storeId: string;
                        /** @enum {string} */
                        documentType: "driver_license" | "id_card" | "passport" | "military_id" | "tribal_id" | "other";
                        /** @description Who issued the ID: a state or province (US-CA, CA-ON) or a country (MX, DE) */
                        issuingJurisdiction: string;
                        /** Format: date */
                        expiresOn: string;
                        /** Format: date */
                        birthDate: string;
                        idNumber?: string;
                        /** @enum {string} */
                        channel?: "in_store" | "pickup" | "delivery";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["IdCheckResult"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}/medical": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Register or renew a medical patient’s card and physician recommendation (card number encrypted at rest) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        cardNumber: string;
                        cardJurisdiction: string;
                        /** @enum {string} */
                        cardKind?: "registry_card" | "recommendation";
                        /** Format: date */
                        cardExpiresOn: string;
                        physicianName?: string | null;
                        physicianLicense?: string | null;
                        recommendationIssuedOn?: string | null;
                        recommendationExpiresOn?: string | null;
                        notes?: string | null;
                        /** @description Limits the patient’s practitioner raised for this patient (only limits a pack marks patient-adjustable; anything else is a 400 naming the entry). Replaces the list on file; omit to keep it, send [] to clear it. Checkout applies an allowance only to a medical sale in its jurisdiction until expiresOn, and only where it is above the pack’s maximum. */
                        limitAllowances?: components["schemas"]["MedicalLimitAllowanceInput"][];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Customer"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}/medical-card": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The full medical card number (every read is audited) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            customerId: string;
                            cardNumber: string;
                            cardJurisdiction: string;
                            cardExpiresOn: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/delivery-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Delivery runs of a store */
        get: {
            parameters: {
                query: {
                    storeId: string;
                    status?: "loading" | "out" | "returned" | "cancelled";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Newest first, at most 200 */
                            items: {
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                storeId: string;
                                /** @enum {string} */
                                status: "loading" | "out" | "returned" | "cancelled";
                                driverId: string;
                                vehicle: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                                stops: number;
                                departedAt: string | null;
                                returnedAt: string | null;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601 instant (UTC)
                                 */
                                createdAt: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Start loading a vehicle for a delivery run
         * @description The driver defaults to the signed-in staff member; any active staff member who may deliver at the store can be named. One run per vehicle until it returns (409 VEHICLE_BUSY). unorderedValueCents declares goods carried without an order, which some packs cap (California $3,000).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        storeId: string;
                        /** Format: uuid */
                        vehicleId: string;
                        /** Format: uuid */
                        driverId?: string;
                        unorderedValueCents?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliveryRun"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/delivery-runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A delivery run with its manifest and the pack’s verdict on its load
         * @description While loading, `load` is the verdict on the load as it stands (the share paid ahead is judged at departure); after departure, the verdict the vehicle left with.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    runId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliveryRun"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/delivery-runs/{runId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Call off a run that has not left; its orders stay ready */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    runId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliveryRun"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/delivery-runs/{runId}/depart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The vehicle leaves: the load is judged again and every order goes out for delivery
         * @description Judges the whole load on the day it leaves, the share ordered and paid ahead included (New York 30 %); 422 DELIVERY_VEHICLE_LIMIT refuses the departure and changes nothing. An order that is no longer ready (cancelled meanwhile) is 409 ORDER_NOT_READY: unload it first. The verdict is kept on the run.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    runId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Leave over an overridable vehicle rule: needs compliance:override; the reason is audited */
                        override?: {
                            reason: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliveryRun"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/delivery-runs/{runId}/return": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The vehicle is back
         * @description Every stop must be delivered or undelivered first (409 STOPS_OPEN).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    runId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliveryRun"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/delivery-runs/{runId}/stops": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Load a ready delivery order onto the vehicle
         * @description The order must be a delivery order of the run’s store in status ready (409 ORDER_NOT_READY), on no other vehicle (409 ORDER_ALREADY_LOADED). The whole load is judged against the pack’s vehicle rules: over a cap is 422 DELIVERY_VEHICLE_LIMIT and nothing is loaded, unless an override is given where the pack allows one.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    runId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        orderId: string;
                        /** @description Leave over an overridable vehicle rule: needs compliance:override; the reason is audited */
                        override?: {
                            reason: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliveryRun"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/delivery-runs/{runId}/stops/{orderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Take an order off a vehicle that has not left */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    runId: string;
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliveryRun"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/delivery-runs/{runId}/stops/{orderId}/delivered": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Hand the order over at the door
         * @description Completes the order: every line must have been picked, and the customer’s ID verification (the one given, else their latest) is linked (422 ID_NOT_VERIFIED without one, ID_EXPIRED for an expired one); outside the pack’s hours 422 OUTSIDE_SALE_HOURS. Each refusal is written to the compliance log and named in the error (`details.refusalId`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    runId: string;
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        idVerificationId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliveryRun"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/delivery-runs/{runId}/stops/{orderId}/undelivered": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The order could not be handed over
         * @description By default the order becomes a no-show: its goods go back to stock at the store, the limit usage is credited, and the payment is refunded after the change commits. With `redeliver: true` the driver brings the order back to deliver later: it stays sold and paid, returns to `ready`, and can be loaded on another run. With an Idempotency-Key, a retry answers the stored result and refunds nothing again.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    runId: string;
                    orderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                        /**
                         * @description Bring the order back to the store to deliver on a later run (the order returns to ready) instead of ending it as a no-show
                         * @default false
                         */
                        redeliver?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliveryRun"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/diagnostics/probe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A no-op write with audit and outbox, for measuring request overhead */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            recordedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Deliveries that gave up after their last try */
        get: {
            parameters: {
                query?: {
                    subscriber?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deadLetters: components["schemas"]["DeadLetter"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/dead-letters/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a dead-lettered delivery again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: number;
                            status: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live domain events as Server-Sent Events; resume with Last-Event-ID
         * @description Each message has `id` (the event’s published sequence number), `event` (its type) and `data` (JSON). Reconnect with the Last-Event-ID header (or lastEventId query parameter) to receive what was missed.
         */
        get: {
            parameters: {
                query?: {
                    storeId?: string;
                    /** @description Comma-separated event types; a trailing * matches a prefix */
                    types?: string;
                    lastEventId?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gift-cards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a gift card; the code is shown once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        amountCents: number;
                        code?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            kind: string;
                            last4: string | null;
                            customerId: string | null;
                            balanceCents: number;
                            code: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gift-cards/balance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Look up a gift card balance */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StoredValueAccount"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/gift-cards/load": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add value to a gift card */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        amountCents: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StoredValueAccount"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Inventory alerts (drift, low stock, receiving discrepancies, recalls, failed labs)
         * @description Newest first. A caller limited to some stores sees those stores’ alerts and the organization-wide ones (recalls, failed labs); a storeId outside theirs is 403 STORE_NOT_ALLOWED.
         */
        get: {
            parameters: {
                query?: {
                    storeId?: string;
                    kind?: "drift" | "low_stock" | "receiving_discrepancy" | "transfer_discrepancy" | "recall" | "lab_failed";
                    status?: "open" | "acknowledged" | "resolved";
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Newest first */
                            alerts: components["schemas"]["InventoryAlert"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/alerts/{id}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Acknowledge or resolve an alert
         * @description 404 NOT_FOUND unless it is open. A caller limited to other stores gets 403 STORE_NOT_ALLOWED.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        resolve?: boolean;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /**
                             * @description acknowledged, or resolved when resolve was sent
                             * @enum {string}
                             */
                            status: "open" | "acknowledged" | "resolved";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a batch (harvest or production lot) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        producerLicense: string;
                        producerName?: string;
                        /** Format: date */
                        harvestDate?: string;
                        /** Format: date */
                        productionDate?: string;
                        sourcePackageLabels?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryBatch"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/batches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A batch with its lab results
         * @description A batch is the organization’s (its packages may sit in several stores) and says nothing of any store’s stock, so any caller with inventory:read may read it.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryBatch"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/batches/{id}/lab-results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a certificate of analysis; a failed panel makes the batch unsellable
         * @description The result decides what every store holding the batch may sell, so a caller limited to some stores gets 403 STORE_NOT_ALLOWED unless each package of the batch has a stock row at one of theirs and every store holding stock of it is one of theirs. 404 NOT_FOUND for an unknown batch.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        labName: string;
                        labLicense?: string;
                        /** Format: date */
                        testedOn: string;
                        /** Format: uri */
                        certificateUrl?: string;
                        cannabinoids: {
                            name: string;
                            percent?: number;
                            mgPerG?: number;
                            mg?: number;
                        }[];
                        /** @default [] */
                        terpenes?: {
                            name: string;
                            percent: number;
                        }[];
                        contaminants: {
                            panel: string;
                            /** @enum {string} */
                            status: "pass" | "fail";
                            detail?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryBatch"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/packages/{label}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One package by its state tag, with stock per location
         * @description A caller limited to some stores sees the stock rows of those stores, and gets 403 STORE_NOT_ALLOWED for a package with no stock row at any of them. 404 UNKNOWN_PACKAGE for an unknown label.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    label: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryPackage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/packages/{label}/movements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The ledger of one package, oldest first, a page at a time
         * @description A caller limited to some stores reads the rows of those stores, and gets 403 STORE_NOT_ALLOWED for a package with no stock row at any of them. 404 UNKNOWN_PACKAGE for an unknown label.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description Only movements after this one (the previous page’s nextAfter) */
                    after?: number;
                };
                header?: never;
                path: {
                    label: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Oldest first; at most `limit` */
                            movements: components["schemas"]["InventoryMovement"][];
                            /** @description When more movements follow: pass it as `after` for the next page */
                            nextAfter: number | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/packages/{label}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Put a package on hold, quarantine it, release it, or finish it
         * @description The status applies wherever the package is, so a caller limited to some stores gets 403 STORE_NOT_ALLOWED unless every store holding stock of it is one of theirs (and the package has a stock row at one). 422 INVALID_STATUS_CHANGE for recalled (a recall does that); 409 INVALID_STATUS_CHANGE to finish a package with stock; 403 FORBIDDEN to lift a recall without inventory:recall; 404 UNKNOWN_PACKAGE.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    label: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status: "active" | "on_hold" | "quarantined" | "expired" | "finished" | "recalled";
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryPackage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/recalls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Recall: put every package in scope on hold, in every store, at once
         * @description A caller limited to some stores gets 403 STORE_NOT_ALLOWED unless each package in scope has a stock row at one of theirs and every store holding stock of them is one of theirs; the trace answered is theirs (see the trace). 404 NOTHING_TO_RECALL; 400 RECALL_SCOPE.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        batchId?: string;
                        packageLabel?: string;
                        producerLicense?: string;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryRecall"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/recalls/trace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * For a batch, package or producer: stock on hand per location and every sale (CSV with format=csv)
         * @description A caller limited to some stores reads what those stores hold and sold (the packages with a stock row there). 400 RECALL_SCOPE unless exactly one of batchId, packageLabel or producerLicense is given.
         */
        get: {
            parameters: {
                query?: {
                    batchId?: string;
                    packageLabel?: string;
                    producerLicense?: string;
                    format?: "json" | "csv";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The trace as JSON, or with format=csv the sales as CSV */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RecallTrace"];
                        "text/csv": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/reconciliations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Recompute counters from the ledger now; drift raises alerts
         * @description Every store of the organization, or a caller limited to some stores: those stores.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryReconciliation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/reservations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A reservation and its package picks
         * @description 404 NOT_FOUND for an unknown id. A caller limited to other stores gets 403 STORE_NOT_ALLOWED.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryReservation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/reservations/{id}/convert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Turn a hold into a sale for an order
         * @description Again for the same order: the same answer, nothing changes. 409 RESERVATION_NOT_HELD or PACKAGE_NOT_SELLABLE; 404 NOT_FOUND for an unknown id. A caller limited to other stores gets 403 STORE_NOT_ALLOWED.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        orderId: string;
                        customerId?: string | null;
                        channel?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryReservation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/reservations/{id}/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Keep a hold alive
         * @description 409 RESERVATION_NOT_HELD when it ended; 404 NOT_FOUND for an unknown id. A caller limited to other stores gets 403 STORE_NOT_ALLOWED.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ttlSeconds?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryReservation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/reservations/{id}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Give held stock back
         * @description Releasing twice is harmless; 409 RESERVATION_NOT_HELD for a converted one; 404 NOT_FOUND for an unknown id. A caller limited to other stores gets 403 STORE_NOT_ALLOWED.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryReservation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ship stock to another store (it goes in transit) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        fromStoreId: string;
                        /** Format: uuid */
                        toStoreId: string;
                        note?: string;
                        items: {
                            packageLabel: string;
                            quantity: number;
                            fromLocationCode?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryTransfer"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/transfers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A transfer
         * @description Readable by callers with access to the sending or the receiving store; others get 403 STORE_NOT_ALLOWED. 404 NOT_FOUND for an unknown id.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryTransfer"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/inventory/transfers/{id}/receive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Receive a transfer at the destination store */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        items?: {
                            packageLabel: string;
                            receivedQuantity?: number;
                            locationCode?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryTransfer"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loyalty/accounts/{customerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A customer’s points balance, tier and history (newest first) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    before?: string;
                };
                header?: never;
                path: {
                    customerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LoyaltyAccountWithHistory"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loyalty/accounts/{customerId}/adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add or remove points by hand, with a reason */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    customerId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        points: number;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LoyaltyAccount"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/loyalty/program": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organization’s loyalty program */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LoyaltyProgram"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Set the loyalty program (earn rate, tiers, redemption) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        program: {
                            earn: {
                                pointsPerDollar: number;
                                /**
                                 * @default floor
                                 * @enum {string}
                                 */
                                rounding?: "floor" | "half_up" | "ceil";
                                /** @default [] */
                                excludedCategories?: string[];
                                /** @default false */
                                excludeCannabis?: boolean;
                            };
                            /** @default [] */
                            tiers?: {
                                id: string;
                                name: string;
                                minLifetimePoints: number;
                                multiplier: number;
                            }[];
                            redemption: {
                                pointsPerBlock: number;
                                centsPerBlock: number;
                                /** @default 0 */
                                minPoints?: number;
                                /** @default 100 */
                                maxPercentOfOrder?: number;
                                /** @default true */
                                allowOnCannabis?: boolean;
                            };
                        };
                        /** @default true */
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LoyaltyProgram"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An order with its lines, package picks and tax lines */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orders/{id}/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An order’s payments: what each tender paid, what is refunded, where a refund goes
         * @description In the order a return or void refunds them: the last tender taken first, so the first with refundableCents left is where the next refund to the original tenders goes (a refund to store credit goes to the customer’s store credit instead). A reference and at most the last four digits identify a card; no card data is stored. 404 NOT_FOUND for an order of another organization; 403 STORE_NOT_ALLOWED for staff limited to other stores.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            orderId: string;
                            payments: components["schemas"]["OrderTender"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orders/{id}/picks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a package scanned while picking (must match the line) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lineNo: number;
                        packageLabel: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orders/{id}/receipt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The receipt: HTML for screen and e-mail, ESC/POS bytes for the printer
         * @description 404 NOT_FOUND for an order of another organization; 403 STORE_NOT_ALLOWED for staff limited to other stores.
         */
        get: {
            parameters: {
                query?: {
                    format?: "html" | "escpos";
                    width?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orders/{id}/returns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Return some or all units of a completed sale (in store), with a restock decision per item
         * @description Never more than sold (422 RETURN_EXCEEDS_SALE). Tax is reversed per line; the refund goes to the original tender or to store credit; limit usage is credited back. With an Idempotency-Key, a retry answers the stored return (`idempotent-replayed: true`) with the refunds recorded so far.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lines: {
                            lineNo: number;
                            quantity: number;
                            /** @enum {string} */
                            restock: "sellable" | "quarantine" | "destroy";
                        }[];
                        reason: string;
                        /**
                         * @default original
                         * @enum {string}
                         */
                        refundTo?: "original" | "store_credit";
                        /** Format: uuid */
                        registerSessionId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OrderReturn"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orders/{id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move an order along its channel’s lifecycle
         * @description Only transitions in the channel’s table are allowed (else 409 INVALID_TRANSITION). Cancelling or a no-show puts the stock back and refunds the payments. With an Idempotency-Key, a retry answers the stored transition (`idempotent-replayed: true`) and refunds nothing again. A hand-over (`to: completed`) refused for the ID (422 ID_NOT_VERIFIED, ID_EXPIRED) is written to the compliance log; the error names it (`details.refusalId`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        to: "placed" | "accepted" | "packed" | "ready" | "out_for_delivery" | "completed" | "cancelled" | "no_show" | "voided";
                        reason?: string;
                        /** Format: uuid */
                        idVerificationId?: string;
                        /**
                         * Format: uuid
                         * @description Hand-over at the counter (to: completed): the open drawer the order’s cash is collected into, so the drawer expects it (409 REGISTER_NOT_OPEN otherwise)
                         */
                        registerSessionId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/orders/{id}/void": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Void a sale made in error today (the whole order, back to the original tender) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                        /** @enum {string} */
                        restock?: "sellable" | "quarantine";
                        /** Format: uuid */
                        registerSessionId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OrderReturn"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organization": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller’s organization */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            name: string;
                            createdAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/promotions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Promotions of the organization (those of one store plus organization-wide ones with storeId) */
        get: {
            parameters: {
                query?: {
                    storeId?: string;
                    code?: string;
                    includeArchived?: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description By priority, then id; at most 1000 */
                            items: components["schemas"]["Promotion"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a promotion or coupon */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        receiptLabel?: string;
                        /** @default true */
                        active?: boolean;
                        /** @default [] */
                        codes?: string[];
                        startsAt?: string;
                        endsAt?: string;
                        /** @default 100 */
                        priority?: number;
                        /**
                         * @default stackable
                         * @enum {string}
                         */
                        stacking?: "stackable" | "exclusive";
                        /** @default false */
                        loyalty?: boolean;
                        maxDiscountCents?: number;
                        /** @default [] */
                        conditions?: ({
                            /** @enum {string} */
                            type: "min_subtotal";
                            cents: number;
                            filter?: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                        } | {
                            /** @enum {string} */
                            type: "items";
                            filter: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                            /** @default 1 */
                            minQuantity?: number;
                        } | {
                            /** @enum {string} */
                            type: "customer_group";
                            groups: string[];
                        } | {
                            /** @enum {string} */
                            type: "loyalty_tier";
                            tiers: string[];
                        } | {
                            /** @enum {string} */
                            type: "day_of_week";
                            days: ("sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat")[];
                        } | {
                            /** @enum {string} */
                            type: "time_window";
                            start: string;
                            end: string;
                            days?: ("sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat")[];
                        } | {
                            /** @enum {string} */
                            type: "first_purchase";
                        } | {
                            /** @enum {string} */
                            type: "channel";
                            channels: ("in_store" | "pickup" | "delivery")[];
                        })[];
                        action: {
                            /** @enum {string} */
                            type: "percent_off_items";
                            percent: number;
                            filter: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                        } | {
                            /** @enum {string} */
                            type: "fixed_off_items";
                            amountCents: number;
                            /**
                             * @default unit
                             * @enum {string}
                             */
                            per?: "unit" | "line";
                            filter: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                        } | {
                            /** @enum {string} */
                            type: "percent_off_order";
                            percent: number;
                            filter?: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                        } | {
                            /** @enum {string} */
                            type: "fixed_off_order";
                            amountCents: number;
                            filter?: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                        } | {
                            /** @enum {string} */
                            type: "bundle_price";
                            filter: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                            quantity: number;
                            priceCents: number;
                            maxApplications?: number;
                        } | {
                            /** @enum {string} */
                            type: "buy_x_get_y";
                            buy: {
                                filter: {
                                    skus?: string[];
                                    productIds?: string[];
                                    categories?: string[];
                                    brands?: string[];
                                    cannabis?: boolean;
                                };
                                quantity: number;
                            };
                            get: {
                                filter?: {
                                    skus?: string[];
                                    productIds?: string[];
                                    categories?: string[];
                                    brands?: string[];
                                    cannabis?: boolean;
                                };
                                quantity: number;
                                /** @default 100 */
                                percent?: number;
                            };
                            maxApplications?: number;
                        } | {
                            /** @enum {string} */
                            type: "tiered";
                            /** @enum {string} */
                            basis: "subtotal" | "quantity";
                            filter?: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                            tiers: {
                                min: number;
                                percent?: number;
                                amountCents?: number;
                            }[];
                        };
                        /** @description Only at this store; absent or null: every store of the organization */
                        storeId?: string | null;
                        /** @description Uses across all customers, counted at order completion */
                        maxUses?: number | null;
                        maxUsesPerCustomer?: number | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Promotion"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/promotions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One promotion */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Promotion"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Replace a promotion (ifVersion guards concurrent edits) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        receiptLabel?: string;
                        /** @default true */
                        active?: boolean;
                        /** @default [] */
                        codes?: string[];
                        startsAt?: string;
                        endsAt?: string;
                        /** @default 100 */
                        priority?: number;
                        /**
                         * @default stackable
                         * @enum {string}
                         */
                        stacking?: "stackable" | "exclusive";
                        /** @default false */
                        loyalty?: boolean;
                        maxDiscountCents?: number;
                        /** @default [] */
                        conditions?: ({
                            /** @enum {string} */
                            type: "min_subtotal";
                            cents: number;
                            filter?: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                        } | {
                            /** @enum {string} */
                            type: "items";
                            filter: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                            /** @default 1 */
                            minQuantity?: number;
                        } | {
                            /** @enum {string} */
                            type: "customer_group";
                            groups: string[];
                        } | {
                            /** @enum {string} */
                            type: "loyalty_tier";
                            tiers: string[];
                        } | {
                            /** @enum {string} */
                            type: "day_of_week";
                            days: ("sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat")[];
                        } | {
                            /** @enum {string} */
                            type: "time_window";
                            start: string;
                            end: string;
                            days?: ("sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat")[];
                        } | {
                            /** @enum {string} */
                            type: "first_purchase";
                        } | {
                            /** @enum {string} */
                            type: "channel";
                            channels: ("in_store" | "pickup" | "delivery")[];
                        })[];
                        action: {
                            /** @enum {string} */
                            type: "percent_off_items";
                            percent: number;
                            filter: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                        } | {
                            /** @enum {string} */
                            type: "fixed_off_items";
                            amountCents: number;
                            /**
                             * @default unit
                             * @enum {string}
                             */
                            per?: "unit" | "line";
                            filter: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                        } | {
                            /** @enum {string} */
                            type: "percent_off_order";
                            percent: number;
                            filter?: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                        } | {
                            /** @enum {string} */
                            type: "fixed_off_order";
                            amountCents: number;
                            filter?: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                        } | {
                            /** @enum {string} */
                            type: "bundle_price";
                            filter: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                            quantity: number;
                            priceCents: number;
                            maxApplications?: number;
                        } | {
                            /** @enum {string} */
                            type: "buy_x_get_y";
                            buy: {
                                filter: {
                                    skus?: string[];
                                    productIds?: string[];
                                    categories?: string[];
                                    brands?: string[];
                                    cannabis?: boolean;
                                };
                                quantity: number;
                            };
                            get: {
                                filter?: {
                                    skus?: string[];
                                    productIds?: string[];
                                    categories?: string[];
                                    brands?: string[];
                                    cannabis?: boolean;
                                };
                                quantity: number;
                                /** @default 100 */
                                percent?: number;
                            };
                            maxApplications?: number;
                        } | {
                            /** @enum {string} */
                            type: "tiered";
                            /** @enum {string} */
                            basis: "subtotal" | "quantity";
                            filter?: {
                                skus?: string[];
                                productIds?: string[];
                                categories?: string[];
                                brands?: string[];
                                cannabis?: boolean;
                            };
                            tiers: {
                                min: number;
                                percent?: number;
                                amountCents?: number;
                            }[];
                        };
                        /** @description Only at this store; absent or null: every store of the organization */
                        storeId?: string | null;
                        /** @description Uses across all customers, counted at order completion */
                        maxUses?: number | null;
                        maxUsesPerCustomer?: number | null;
                        ifVersion?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Promotion"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Archive a promotion (its codes become free; past redemptions stay) */
        delete: {
            parameters: {
                query?: {
                    reason?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Promotion"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/stores/{storeId}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Public: what a shopper can buy at this store now (reservations counted), and which batch they get */
        get: {
            parameters: {
                query: {
                    skuIds: string;
                };
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            storeId: string;
                            /** @description One per requested SKU (a repeated one once), in request order */
                            items: components["schemas"]["PublicSkuAvailability"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/stores/{storeId}/availability/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Public: a store’s availability as it changes, as Server-Sent Events (for menus and storefronts)
         * @description One `availability` message `{ skuId, available }` per stock change at the store (a sale at the register, a hold, a delivery, a recount): a menu shows an item selling out in the store at once. Each message has `id`; reconnect with Last-Event-ID (or lastEventId) to receive what was missed. At most 2000 open at once per server (503 STREAMS_FULL).
         */
        get: {
            parameters: {
                query?: {
                    lastEventId?: number;
                };
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/stores/{storeId}/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search a store’s menu: full text, facets with counts, store prices and stock
         * @description Lists the active, confirmed SKUs with a price at the store, except those restricted in its jurisdiction and those its compliance pack lets no customer buy (an edible over the package cap, a product attribute the pack prohibits); such items are refused at checkout too.
         */
        get: {
            parameters: {
                query?: {
                    q?: string;
                    category?: ("flower" | "pre_roll" | "infused_pre_roll" | "vape" | "concentrate" | "edible" | "beverage" | "tincture" | "capsule" | "topical" | "seed" | "plant" | "accessory")[];
                    strainType?: ("indica" | "sativa" | "hybrid" | "cbd")[];
                    brand?: string[];
                    effects?: string[];
                    /** @description Minimum THC % */
                    thcMin?: number;
                    /** @description Maximum THC % */
                    thcMax?: number;
                    /** @description Minimum price in cents */
                    priceMin?: number;
                    /** @description Maximum price in cents */
                    priceMax?: number;
                    inStock?: "true" | "false";
                    sort?: "relevance" | "name" | "price_asc" | "price_desc" | "thc_desc";
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            store: {
                                id: string;
                                name: string;
                            };
                            total: number;
                            products: components["schemas"]["StorefrontProduct"][];
                            nextCursor: string | null;
                            facets: {
                                category: {
                                    value: string;
                                    label?: string;
                                    count: number;
                                }[];
                                strainType: {
                                    value: string;
                                    label?: string;
                                    count: number;
                                }[];
                                brand: {
                                    value: string;
                                    label?: string;
                                    count: number;
                                }[];
                                effects: {
                                    value: string;
                                    label?: string;
                                    count: number;
                                }[];
                                thcPercent: {
                                    min: number | null;
                                    max: number | null;
                                    buckets: {
                                        key: string;
                                        min: number;
                                        max: number | null;
                                        count: number;
                                    }[];
                                };
                                price: {
                                    min: number | null;
                                    max: number | null;
                                    buckets: {
                                        key: string;
                                        min: number;
                                        max: number | null;
                                        count: number;
                                    }[];
                                };
                                inStock: {
                                    count: number;
                                    total: number;
                                };
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/stores/{storeId}/products/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One product page of a store’s menu, with SEO fields */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            title: string;
                            slug: string;
                            brand: {
                                name: string;
                                slug: string;
                            } | null;
                            category: string;
                            strainType: string | null;
                            strainName: string | null;
                            effects: string[];
                            images: {
                                url: string;
                                alt?: string;
                            }[];
                            seoDescription: string;
                            minPriceCents: number;
                            maxThcPercent: number | null;
                            rank: number | null;
                            skus: {
                                id: string;
                                code: string;
                                sizeLabel: string;
                                unit: string;
                                netWeightMg: number | null;
                                thcMg: number | null;
                                thcPercent: number | null;
                                cbdMg: number | null;
                                cbdPercent: number | null;
                                /** @description The catalog marks the SKU for registered patients only. */
                                medicalOnly: boolean;
                                /** @description Only registered patients may buy it at this store: marked medical-only, or the store’s compliance pack refuses it to adult-use customers (e.g. above the adult-use package cap). */
                                patientsOnly: boolean;
                                priceCents: number;
                                currency: string;
                                tiers: {
                                    minQuantity: number;
                                    unitPriceCents: number;
                                }[];
                                inStock: boolean;
                            }[];
                            description: string;
                            terpenes: {
                                name: string;
                                percent?: number;
                            }[];
                            seo: {
                                title: string;
                                description: string;
                                canonicalSlug: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/stores/{storeId}/shoppers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open an online-store account at this store’s storefront; signs the shopper in
         * @description Creates the shopper’s customer record (adult use) and their sign-in, and sets an httpOnly cookie. Age and limits are the store’s pack’s, checked when items are added to a cart and again at completion; the ID is checked at pickup or at the door. 409 EMAIL_TAKEN when the e-mail has an account in the organization.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        password: string;
                        firstName: string;
                        lastName: string;
                        /** Format: date */
                        birthDate: string;
                        phone?: string;
                        consentMarketing?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customer: components["schemas"]["CustomerSummary"];
                            expiresAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/stores/{storeId}/shoppers/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with the token from a reset e-mail; signs the shopper in
         * @description The token works once and only until it expires; the new password ends every other session of the account and lifts a lockout. 400 RESET_TOKEN_INVALID (unknown, used or expired) changes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customer: components["schemas"]["CustomerSummary"];
                            expiresAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/stores/{storeId}/shoppers/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for a password-reset link by e-mail
         * @description Answers 202 whether or not the e-mail has an account (nothing tells a stranger who shops here); an account gets a link to this store’s online store, good once for 60 minutes. 503 MAIL_NOT_CONFIGURED when this Verdant sends no e-mail (SMTP_URL unset).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            requested: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/public/stores/{storeId}/shoppers/sign-in": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in to the online store with e-mail and password; sets an httpOnly cookie
         * @description 401 INVALID_CREDENTIALS; after too many failures in a row the account is locked for a while (429 ACCOUNT_LOCKED).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customer: components["schemas"]["CustomerSummary"];
                            expiresAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/register-sessions/{sessionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A register session (expected cash only for pos:manage while open) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sessionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RegisterSession"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/register-sessions/{sessionId}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close a session with the counted drawer; over/short is computed against expected cash */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sessionId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        count: {
                            totalCents?: number;
                            /** @description Pieces per denomination, keyed by its value in cents ("2000": 3 = three $20 bills) */
                            denominations?: {
                                1?: number;
                                5?: number;
                                10?: number;
                                25?: number;
                                50?: number;
                                100?: number;
                                200?: number;
                                500?: number;
                                1000?: number;
                                2000?: number;
                                5000?: number;
                                10000?: number;
                            };
                        };
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RegisterSession"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/register-sessions/{sessionId}/drops": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Drop cash from the drawer to the safe (witness optional) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sessionId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        amountCents?: number;
                        /** @description Pieces per denomination, keyed by its value in cents ("2000": 3 = three $20 bills) */
                        denominations?: {
                            1?: number;
                            5?: number;
                            10?: number;
                            25?: number;
                            50?: number;
                            100?: number;
                            200?: number;
                            500?: number;
                            1000?: number;
                            2000?: number;
                            5000?: number;
                            10000?: number;
                        };
                        /** Format: uuid */
                        witnessId?: string;
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RegisterSession"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/register-sessions/{sessionId}/paid-ins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Put cash into the drawer, with a reason */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sessionId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        amountCents: number;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RegisterSession"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/register-sessions/{sessionId}/paid-outs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pay cash out of the drawer, with a reason */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sessionId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        amountCents: number;
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RegisterSession"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/register-sessions/{sessionId}/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Session report: cash movements and per-budtender totals */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sessionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RegisterSessionReport"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/register-sessions/{sessionId}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign off a closed session’s over/short */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    sessionId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RegisterSession"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/registers/{registerId}/parked-carts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Carts parked on this register (not expired) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    registerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Not expired, oldest first; without payloads */
                            items: components["schemas"]["ParkedCart"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Park a cart on this register */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    registerId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        label: string;
                        /** @description The register’s own JSON (lines, customer, notes), kept as given; at most 64 KiB */
                        payload: unknown;
                        /** @default 240 */
                        ttlMinutes?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ParkedCart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/registers/{registerId}/parked-carts/{cartId}/discard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Discard a parked cart */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    registerId: string;
                    cartId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ParkedCart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/registers/{registerId}/parked-carts/{cartId}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a parked cart (returns its payload, once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    registerId: string;
                    cartId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ParkedCart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/registers/{registerId}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Open a register session with a counted float */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    registerId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        float: {
                            totalCents?: number;
                            /** @description Pieces per denomination, keyed by its value in cents ("2000": 3 = three $20 bills) */
                            denominations?: {
                                1?: number;
                                5?: number;
                                10?: number;
                                25?: number;
                                50?: number;
                                100?: number;
                                200?: number;
                                500?: number;
                                1000?: number;
                                2000?: number;
                                5000?: number;
                                10000?: number;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RegisterSession"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Evaluate a cart against a jurisdiction pack: purchase limits, age, card, hours, delivery, product caps and taxes
         * @description Takes exactly the @verdant/rules request and returns its response. With ?storeId the store’s overrides of unsure pack values apply. Errors: 404 JURISDICTION_UNKNOWN; 422 NO_PACK_IN_EFFECT (date outside every effective range); 400 VALIDATION_FAILED with the field path.
         */
        post: {
            parameters: {
                query?: {
                    storeId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        jurisdiction: string;
                        at: string;
                        /** @enum {string} */
                        channel: "in_store" | "pickup" | "delivery";
                        customer: {
                            /** @enum {string} */
                            kind: "adult_use" | "medical";
                            birthDate: string;
                            idJurisdiction?: string;
                            /** @enum {string} */
                            residency?: "resident" | "non_resident";
                            medicalCard?: {
                                number: string;
                                jurisdiction: string;
                                expiresOn: string;
                                /** @enum {string} */
                                kind?: "registry_card" | "recommendation";
                            } | null;
                            /** @description The caregiver buying for a medical patient (Verdant’s register and checkout send it only for a caregiver linked to the patient). Consulted only when a medical patient is under the pack’s medical minimum age: the sale is then allowed where the pack lets minor patients buy through a caregiver and the caregiver is old enough; otherwise UNDERAGE. Ignored for adult-use customers and for adult patients. */
                            caregiver?: {
                                /** @description The caregiver’s date of birth (YYYY-MM-DD). */
                                birthDate: string;
                            } | null;
                            /** @description Per-patient maximums set by the patient’s practitioner (a recommendation, waiver or certification), for limits the pack marks `patientAdjustable`. Applied only while the customer is served as medical and only to limits that apply to them; an allowance can only raise a limit (one at or below the pack’s maximum changes nothing, and the limits[] entry shows it). 400 VALIDATION_FAILED with the field path when a limit id is not in the pack or the limit in effect on the sale date cannot be raised for a patient. The caller drops expired allowances before sending them. */
                            limitAllowances?: {
                                /** @description Id of a limit in the pack, e.g. "us-nj.limit.med-30-days" (see the pack’s limits[].id). */
                                limit: string;
                                /** @description The patient’s own maximum for that limit, in the limit’s unit (mg, mg_thc or units) and window. */
                                max: number;
                            }[] | null;
                        };
                        store?: {
                            localSalesTaxRate?: number;
                            localCannabisTaxRate?: number;
                            timezone?: string;
                            medicalEndorsement?: boolean;
                        } | null;
                        history?: {
                            at: string;
                            lines: {
                                sku: string;
                                /** @enum {string} */
                                category: "flower" | "pre_roll" | "infused_pre_roll" | "vape" | "concentrate" | "edible" | "beverage" | "tincture" | "capsule" | "topical" | "seed" | "plant" | "accessory";
                                quantity: number;
                                unitPriceCents?: number;
                                discountCents?: number;
                                netWeightMg?: number;
                                thcMg?: number;
                                thcMgPerServing?: number;
                                thcPercent?: number;
                                thcaPercent?: number;
                                infused?: boolean;
                                medicalOnly?: boolean;
                                dohCompliant?: boolean;
                                bundleId?: string;
                                /** @description Product facts some packs prohibit whatever the category: perishable (e.g. cookies, brownies), contains_alcohol. Absent or [] = none. */
                                attributes?: ("perishable" | "contains_alcohol")[];
                            }[];
                        }[] | null;
                        delivery?: {
                            orderedAt?: string;
                            deliverAt?: string;
                            /** @enum {string} */
                            addressType?: "residence" | "hotel" | "business" | "dormitory" | "consumption_establishment" | "inpatient_facility" | "school" | "day_care" | "youth_center" | "public_land";
                        } | null;
                        lines: {
                            sku: string;
                            /** @enum {string} */
                            category: "flower" | "pre_roll" | "infused_pre_roll" | "vape" | "concentrate" | "edible" | "beverage" | "tincture" | "capsule" | "topical" | "seed" | "plant" | "accessory";
                            quantity: number;
                            unitPriceCents: number;
                            discountCents?: number;
                            netWeightMg?: number;
                            thcMg?: number;
                            thcMgPerServing?: number;
                            thcPercent?: number;
                            thcaPercent?: number;
                            infused?: boolean;
                            medicalOnly?: boolean;
                            dohCompliant?: boolean;
                            bundleId?: string;
                            /** @description Product facts some packs prohibit whatever the category: perishable (e.g. cookies, brownies), contains_alcohol. Absent or [] = none. */
                            attributes?: ("perishable" | "contains_alcohol")[];
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allowed: boolean;
                            violations: {
                                /** @enum {string} */
                                code: "UNDERAGE" | "PURCHASE_LIMIT" | "MEDICAL_CARD_INVALID" | "OUTSIDE_SALE_HOURS" | "DELIVERY_NOT_ALLOWED" | "DELIVERY_VEHICLE_LIMIT" | "PRODUCT_NOT_PERMITTED";
                                message: string;
                                rule: string;
                                lines: number[];
                                overridable: boolean;
                                /** @enum {string} */
                                confidence?: "sure" | "likely" | "unsure";
                                source?: {
                                    refs: string[];
                                    title: string;
                                };
                            }[];
                            limits: {
                                id: string;
                                label: string;
                                used: number;
                                max: number;
                                /** @enum {string} */
                                unit: "mg" | "mg_thc" | "units";
                                remaining: number;
                                window: string;
                                /** @enum {string} */
                                confidence: "sure" | "likely" | "unsure";
                                /** @description Present when customer.limitAllowances named this limit; `max` is then the larger of the two. */
                                allowance?: {
                                    /** @description The patient’s allowance as sent, in `unit`. */
                                    max: number;
                                    /** @description The pack’s own maximum. */
                                    packMax: number;
                                    /** @description True when the allowance raised `max`; false when it was not above the pack’s maximum. */
                                    applied: boolean;
                                };
                            }[];
                            taxes: {
                                code: string;
                                label: string;
                                rate: number;
                                baseCents: number;
                                amountCents: number;
                                includedInPrice: boolean;
                                /** @enum {string} */
                                metrcField: "ExciseTax" | "CityTax" | "CountyTax" | "MunicipalTax" | "DiscountAmount" | "SalesTax" | "OtherTax";
                                lines: {
                                    line: number;
                                    baseCents: number;
                                    amountCents: number;
                                }[];
                            }[];
                            subtotalCents: number;
                            taxCents: number;
                            totalCents: number;
                            packVersion: string;
                            receiptLines: {
                                line: number;
                                sku: string;
                                grossCents: number;
                                discountCents: number;
                                exemptCents: number;
                                priceCents: number;
                                taxCents: number;
                                metrc: {
                                    [key: string]: number;
                                };
                            }[];
                            context: {
                                jurisdiction: string;
                                timezone: string;
                                localDate: string;
                                localTime: string;
                                /** @enum {string} */
                                customerKind: "adult_use" | "medical";
                                /** @enum {string} */
                                residency: "resident" | "non_resident";
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rules/jurisdictions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Jurisdiction packs: effective ranges, sources, change dates and unsure values */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            jurisdictions: components["schemas"]["JurisdictionSummary"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shop/carts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a cart (pickup or delivery) at a store of the shopper’s organization */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        storeId: string;
                        /** @enum {string} */
                        channel: "pickup" | "delivery";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shop/carts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The shopper’s cart, priced and checked now */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Abandon the cart and release its hold */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shop/carts/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Place the order; it is paid at pickup or at the door
         * @description The same completion as staff use (one transaction, compliance checked again against the history, the hold converted). Payment is cash collected at hand-over, so the order is not paid ahead. Safe to retry: the cart has at most one order (200, `idempotent-replayed: true`). Refusals change nothing: CART_EMPTY, HOLD_EXPIRED, FULFILLMENT_REQUIRED, COMPLIANCE_BLOCKED.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        loyaltyPoints?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Completion"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Completion"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                402: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shop/carts/{id}/fulfillment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Pickup or delivery details */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        pickup: {
                            name: string;
                            phone: string;
                            /** Format: date-time */
                            pickupAt?: string;
                        };
                    } | {
                        delivery: {
                            name: string;
                            phone: string;
                            address: {
                                line1: string;
                                line2?: string;
                                city: string;
                                region: string;
                                postalCode: string;
                            };
                            /** Format: date-time */
                            deliverAt?: string;
                            /** @enum {string} */
                            addressType?: "residence" | "hotel" | "business" | "dormitory" | "consumption_establishment" | "inpatient_facility" | "school" | "day_care" | "youth_center" | "public_land";
                            instructions?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shop/carts/{id}/hold": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Keep the stock held while the shopper is active, or hold it again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shop/carts/{id}/lines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Replace the cart’s lines: checked by the store’s pack against the shopper’s history, stock held; answers the live limit meter
         * @description A refusal changes nothing: 422 COMPLIANCE_BLOCKED with the meter, 409 INSUFFICIENT_STOCK, 422 for an item the store does not sell.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lines: {
                            /** Format: uuid */
                            skuId: string;
                            quantity: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shop/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in shopper */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            customer: components["schemas"]["CustomerSummary"];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shop/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The shopper’s orders, newest first (the last 50) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            orders: ({
                                /** Format: uuid */
                                id: string;
                                number: string;
                                /** Format: uuid */
                                storeId: string;
                                /** @enum {string} */
                                channel: "in_store" | "pickup" | "delivery";
                                status: string;
                                cartId: string | null;
                                customer: {
                                    id: string | null;
                                    /** @enum {string} */
                                    kind: "adult_use" | "medical";
                                } & {
                                    [key: string]: unknown;
                                };
                                subtotalCents: number;
                                discountCents: number;
                                taxCents: number;
                                totalCents: number;
                                refundedCents: number;
                                taxes: ({
                                    code: string;
                                    label: string;
                                    amountCents: number;
                                    includedInPrice: boolean;
                                } & {
                                    [key: string]: unknown;
                                })[];
                                /** @description Pickup or delivery details of an online order */
                                fulfillment: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description Why the order was cancelled, not delivered, … */
                                statusReason: string | null;
                                /** @description The ID check linked at hand-over */
                                idVerificationId: string | null;
                                placedAt: string;
                                completedAt: string | null;
                            } & {
                                [key: string]: unknown;
                            })[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shop/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the shopper’s orders, with its lines */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shop/orders/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Call off one of the shopper’s orders before it is handed over or leaves the store
         * @description As a store’s cancellation: the stock goes back, the limit is credited, points and coupon uses are reversed, and the payment is refunded after commit. 409 ORDER_NOT_CANCELLABLE once the order is out for delivery or has ended.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/shop/sign-out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End this shopper session */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List staff */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            staff: components["schemas"]["Staff"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a staff member; a signed-in caller confirms with their own currentPassword */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        name: string;
                        /** @enum {string} */
                        role: "owner" | "manager" | "budtender" | "inventory_manager" | "driver" | "auditor";
                        password: string;
                        pin?: string;
                        /** @description The stores they may work at (none: every store); a store not of the organization is 404 NOT_FOUND at its place in the list */
                        storeIds?: string[];
                        /** @description The acting staff member’s own password (not the new person’s), required to add anyone: 403 REAUTHENTICATION_REQUIRED without it, 403 INVALID_CREDENTIALS when wrong (counted like a failed sign-in; 429 ACCOUNT_LOCKED after too many). An API key sends none, but may only give a role whose permissions it holds. */
                        currentPassword?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Staff"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/staff/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a staff member (role, stores, PIN, password, active); setting a password or PIN, a role, stores or reactivating needs the caller’s own currentPassword */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @enum {string} */
                        role?: "owner" | "manager" | "budtender" | "inventory_manager" | "driver" | "auditor";
                        active?: boolean;
                        /** @description The stores they may work at (none: every store); a store not of the organization is 404 NOT_FOUND at its place in the list */
                        storeIds?: string[];
                        pin?: string | null;
                        password?: string;
                        /** @description The acting staff member’s own password, required when the request sets a password or a PIN (for themselves or anyone), changes role or storeIds, or sets active: true: 403 REAUTHENTICATION_REQUIRED without it, 403 INVALID_CREDENTIALS when wrong (counted like a failed sign-in; 429 ACCOUNT_LOCKED after too many). Not needed to remove a PIN (null), deactivate (active: false) or rename. API keys cannot set passwords or PINs; they may change role, stores or active without it, giving only a role whose permissions they hold. */
                        currentPassword?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Staff"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/store-credit/{customerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A customer’s store-credit balance */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    customerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            customerId: string;
                            balanceCents: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List stores */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            stores: components["schemas"]["Store"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Open a store */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        licenseNumber: string;
                        /** @description The store's jurisdiction; one Verdant has a pack for (CA-ON, US-AZ, US-CA, US-CO, US-IL, US-MA, US-MD, US-MI, US-MO, US-NJ, US-NV, US-NY, US-OH, US-OR, US-WA), else 400 with the field path */
                        jurisdiction: string;
                        timezone: string;
                        address?: {
                            line1?: string;
                            line2?: string;
                            city?: string;
                            region?: string;
                            postalCode?: string;
                            country?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Store"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One store */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Store"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a store */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        licenseNumber?: string;
                        /** @description The store's jurisdiction; one Verdant has a pack for (CA-ON, US-AZ, US-CA, US-CO, US-IL, US-MA, US-MD, US-MI, US-MO, US-NJ, US-NV, US-NY, US-OH, US-OR, US-WA), else 400 with the field path */
                        jurisdiction?: string;
                        timezone?: string;
                        address?: {
                            line1?: string;
                            line2?: string;
                            city?: string;
                            region?: string;
                            postalCode?: string;
                            country?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Store"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/stores/{id}/payment-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Cash rounding rule of a store */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        cashRoundingCents: 1 | 5 | 10 | 25;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            storeId: string;
                            cashRoundingCents: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{id}/rule-overrides": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The store’s overrides of unsure pack values
         * @description 403 STORE_NOT_ALLOWED for a store outside the caller’s; 404 NOT_FOUND for an unknown store.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            overrides: components["schemas"]["RuleOverride"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{id}/rule-overrides/{valueId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace fields of an unsure pack value for this store (validated against the pack; audited with the reason) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    valueId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        value: {
                            [key: string]: unknown;
                        };
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RuleOverride"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Go back to the pack’s value */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    valueId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{id}/tax-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Local tax rate periods of the store
         * @description 403 STORE_NOT_ALLOWED for a store outside the caller’s; 404 NOT_FOUND for an unknown store.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            settings: components["schemas"]["StoreTaxSetting"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Start a new local tax rate period (the open one ends the day before) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        localSalesTaxRate: number;
                        localCannabisTaxRate: number;
                        /** Format: date */
                        effectiveFrom: string;
                        effectiveTo?: string | null;
                        reason?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StoreTaxSetting"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{id}/tax-settings/{settingId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Withdraw a rate period that has not started yet (the period before it runs on)
         * @description Only a period starting after today (store-local date): 409 TAX_SETTING_STARTED for one that has started, since sales were taxed by it. The period that was closed the day before the withdrawn one is extended to the withdrawn one’s end. To correct a future period, withdraw it and add the right one.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    settingId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sellable availability per SKU, with the next FIFO package and its lab profile
         * @description skuIds: up to 200 SKUs; without it, every SKU with sellable stock at the store (by SKU id).
         */
        get: {
            parameters: {
                query?: {
                    skuIds?: string;
                };
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            storeId: string;
                            /** @description One per requested SKU (a repeated one once), in request order */
                            items: components["schemas"]["SkuAvailability"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The store’s counts, newest first, a page at a time, with who started each and its variance summary
         * @description status: open, submitted, approved or rejected. limit: 1-200 (default 50). after: the previous page’s nextAfter (null on the last page). A bad or unknown parameter, or an after that is not a count of this store, is 400 VALIDATION_FAILED with its path. 403 STORE_NOT_ALLOWED for a store outside the caller’s; 404 NOT_FOUND for an unknown store.
         */
        get: {
            parameters: {
                query?: {
                    status?: "open" | "submitted" | "approved" | "rejected";
                    limit?: number;
                    /** @description Only what comes after this one (the previous page’s nextAfter) */
                    after?: string;
                };
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Newest first; at most `limit` */
                            counts: components["schemas"]["InventoryCountSummary"][];
                            /** @description When more counts follow: pass it as `after` for the next page */
                            nextAfter: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Start a full or cycle count */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        kind: "full" | "cycle";
                        locationCode?: string;
                        skuIds?: string[];
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryCount"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/counts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A count and its variance report */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryCount"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/counts/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve (book count corrections) or reject a submitted count */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        decision: "approve" | "reject";
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryCount"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/counts/{id}/lines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record counted quantities */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lines: {
                            packageLabel: string;
                            locationCode: string;
                            countedQuantity: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryCount"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/counts/{id}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit the count: freezes the variance report */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryCount"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/delivery-vehicles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Delivery vehicles of a store */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description By name */
                            items: components["schemas"]["DeliveryVehicle"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a delivery vehicle to a store */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        make?: string;
                        model?: string;
                        licensePlate?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliveryVehicle"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/locations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Locations of a store (vault, sales floor, …) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description By code */
                            locations: components["schemas"]["InventoryLocation"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a location; whether it is sellable is data */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        name: string;
                        /** @enum {string} */
                        kind: "vault" | "sales_floor" | "display" | "backstock" | "quarantine" | "in_transit" | "receiving" | "other";
                        /** @default false */
                        sellable?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryLocation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/locations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename a location, make it sellable or not, or retire it */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        sellable?: boolean;
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryLocation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/stores/{storeId}/low-stock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** SKUs at or below their reorder point */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description SKUs at or below their reorder point, by SKU id */
                            items: {
                                /** Format: uuid */
                                skuId: string;
                                available: number;
                                reorderAt: number;
                                reorderQuantity: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/manifests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The store’s manifests, newest first, a page at a time, with their items counted by status
         * @description status: open or closed. limit: 1-200 (default 50). after: the previous page’s nextAfter (null on the last page). A bad or unknown parameter, or an after that is not a manifest of this store, is 400 VALIDATION_FAILED with its path. 403 STORE_NOT_ALLOWED for a store outside the caller’s; 404 NOT_FOUND for an unknown store.
         */
        get: {
            parameters: {
                query?: {
                    status?: "open" | "closed";
                    limit?: number;
                    /** @description Only what comes after this one (the previous page’s nextAfter) */
                    after?: string;
                };
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Newest first; at most `limit` */
                            manifests: components["schemas"]["InventoryManifestSummary"][];
                            /** @description When more manifests follow: pass it as `after` for the next page */
                            nextAfter: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Enter an incoming manifest */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        number: string;
                        /**
                         * @default supplier
                         * @enum {string}
                         */
                        source?: "supplier" | "metrc";
                        supplierName?: string;
                        supplierLicense?: string;
                        items: {
                            packageLabel: string;
                            /** Format: uuid */
                            skuId: string;
                            /** @enum {string} */
                            unit: "each" | "mg";
                            expectedQuantity: number;
                            /** Format: uuid */
                            batchId?: string;
                            batch?: {
                                code: string;
                                producerLicense: string;
                                producerName?: string;
                                /** Format: date */
                                harvestDate?: string;
                                /** Format: date */
                                productionDate?: string;
                                sourcePackageLabels?: string[];
                            };
                            /** Format: date */
                            packagedOn?: string;
                            /** Format: date */
                            expiresOn?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryManifest"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/manifests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A manifest, its items and discrepancies */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryManifest"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/manifests/{id}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close a manifest */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryManifest"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/manifests/{id}/receive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Receive packages of a manifest with counted quantities; accept or reject each */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        items: {
                            packageLabel: string;
                            countedQuantity: number;
                            damagedQuantity?: number;
                            /** @enum {string} */
                            decision: "accept" | "reject";
                            locationCode?: string;
                            reason?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryManifest"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find a store’s orders: by the number on the receipt, the customer, channel, status or when placed; newest first, a page at a time
         * @description Every filter is optional and they combine. Newest first by order number (numbers are drawn as orders are written). A page holds `limit` orders (default 25); when more follow, `nextAfter` is set: send it as `after` for the next page. Orders come without their lines (GET /v1/orders/{id} has them). 400 VALIDATION_FAILED with the field path for a bad or unknown parameter (e.g. ["querystring", "number"]); 403 STORE_NOT_ALLOWED for staff limited to other stores; 404 NOT_FOUND for a store of another organization.
         */
        get: {
            parameters: {
                query?: {
                    number?: string;
                    customerId?: string;
                    channel?: "in_store" | "pickup" | "delivery";
                    status?: "placed" | "accepted" | "packed" | "ready" | "out_for_delivery" | "completed" | "cancelled" | "no_show" | "voided";
                    /** @description Placed at or after this instant (ISO 8601 with offset) */
                    from?: string;
                    /** @description Placed before this instant (ISO 8601 with offset) */
                    to?: string;
                    limit?: number;
                    /** @description Orders numbered below this one: the previous page’s nextAfter */
                    after?: number;
                };
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            orders: components["schemas"]["OrderSummary"][];
                            /** @description When more orders follow: pass it as `after` for the next page */
                            nextAfter: number | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/packages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Packages with stock at this store */
        get: {
            parameters: {
                query?: {
                    skuId?: string;
                    batchId?: string;
                    status?: "active" | "on_hold" | "recalled" | "quarantined" | "expired" | "finished";
                    limit?: number;
                    offset?: number;
                };
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description By label */
                            packages: components["schemas"]["InventoryPackage"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/packages/{label}/adjust": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Correct a package’s quantity at a location, or write off a theft or loss
         * @description Reasons fit their kind and direction: theft only as theft_loss; found only adds stock; damaged, sample, moisture_loss and theft only take it away; data_entry_error (a correction only) and other go either way. A mismatch is 400 VALIDATION_FAILED at body.reasonCode; a theft_loss with a positive delta is 400 INVALID_QUANTITY; taking more than is unreserved there is 409 INSUFFICIENT_STOCK.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    label: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        locationCode: string;
                        delta: number;
                        /**
                         * @default adjust
                         * @enum {string}
                         */
                        kind?: "adjust" | "theft_loss";
                        /** @enum {string} */
                        reasonCode: "data_entry_error" | "found" | "damaged" | "sample" | "moisture_loss" | "theft" | "other";
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryPackage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/packages/{label}/destroy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Destroy stock, witnessed by a second staff member (PIN) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    label: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        locationCode: string;
                        quantity: number;
                        /** @enum {string} */
                        method: "grind_and_mix" | "compost" | "incineration" | "landfill_mixed" | "hazardous_waste_hauler";
                        /** @enum {string} */
                        reasonCode: "expired" | "damaged" | "recall" | "failed_lab" | "returned" | "other";
                        /** Format: uuid */
                        witnessId: string;
                        witnessPin: string;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryPackage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/packages/{label}/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move stock between locations of the store */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    label: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        fromLocationCode: string;
                        toLocationCode: string;
                        quantity: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryPackage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/patients/{patientLicense}/allotment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A patient's remaining allotment from the state (cached up to 60 s) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    patientLicense: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/pick-queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Online orders waiting to be picked, packed or handed over */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            orders: {
                                /** Format: uuid */
                                id: string;
                                number: string;
                                channel: string;
                                status: string;
                                customerId: string | null;
                                totalCents: number;
                                placedAt: string;
                                /** @description The pickup contact, or the delivery address */
                                fulfillment: {
                                    [key: string]: unknown;
                                } | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/pos-quotes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What a register sale would be now: prices, promotions, points, the pack’s verdict with the limit meter, taxes and total; nothing is written
         * @description The same body as a sale without its id, tenders, drawer and budtender, and the same steps up to its payment: the register shows exactly what the sale will be checked against. A quote that the pack refuses answers 200 with allowed: false and the violations (the sale would be refused with 422 COMPLIANCE_BLOCKED and logged); an unknown SKU, a package that does not match or an override without pricing:override are refused as the sale would be.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        customerId?: string;
                        /**
                         * Format: uuid
                         * @description A caregiver (customer id) buying for the patient in customerId. Must be linked to the patient (else 422 CAREGIVER_NOT_LINKED); the patient’s limits and history apply, and a patient under the medical minimum age is sold to only where the pack lets minor patients buy through a caregiver old enough (else 422 COMPLIANCE_BLOCKED, logged). Recorded on the order as customer.caregiverId.
                         */
                        caregiverId?: string;
                        customer?: {
                            /** @enum {string} */
                            kind: "adult_use";
                            /** Format: date */
                            birthDate: string;
                            idJurisdiction?: string;
                        };
                        lines: {
                            /** Format: uuid */
                            skuId: string;
                            quantity: number;
                            packageLabel?: string;
                            override?: {
                                unitPriceCents?: number;
                                discountCents?: number;
                                reason: string;
                            };
                        }[];
                        couponCodes?: string[];
                        loyaltyPoints?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PosQuote"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/pos-sales": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A register sale: checked, paid and completed at once
         * @description The register generates the sale id (UUIDv7). Submitting the same sale again (an offline register catching up, a retry) answers the stored sale (200). The same id with a different sale is 409 SALE_ID_REUSED. A line may carry a scanned packageLabel (that package is sold) and, with pricing:override, a price override with a reason. registerSessionId: the open drawer session (409 REGISTER_NOT_OPEN otherwise); cash tenders are counted in it. The budtender is the acting staff member. loyaltyPoints: points the customer spends (an order-level discount before tax; 409 LOYALTY_INSUFFICIENT_POINTS). caregiverId: a linked caregiver buying for the patient in customerId (422 CAREGIVER_NOT_LINKED otherwise). A store_credit tender must name the sale’s customer (customerId; the patient of a caregiver’s purchase): another customer’s credit, or any for a walk-in, is 422 STORE_CREDIT_NOT_CUSTOMERS with the tender’s path, refused before any tender is taken, so nothing is written.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        customerId?: string;
                        /**
                         * Format: uuid
                         * @description A caregiver (customer id) buying for the patient in customerId. Must be linked to the patient (else 422 CAREGIVER_NOT_LINKED); the patient’s limits and history apply, and a patient under the medical minimum age is sold to only where the pack lets minor patients buy through a caregiver old enough (else 422 COMPLIANCE_BLOCKED, logged). Recorded on the order as customer.caregiverId.
                         */
                        caregiverId?: string;
                        customer?: {
                            /** @enum {string} */
                            kind: "adult_use";
                            /** Format: date */
                            birthDate: string;
                            idJurisdiction?: string;
                        };
                        lines: {
                            /** Format: uuid */
                            skuId: string;
                            quantity: number;
                            packageLabel?: string;
                            override?: {
                                unitPriceCents?: number;
                                discountCents?: number;
                                reason: string;
                            };
                        }[];
                        couponCodes?: string[];
                        loyaltyPoints?: number;
                        /** Format: uuid */
                        id: string;
                        tenders: {
                            /** @enum {string} */
                            kind: "cash" | "terminal" | "gift_card" | "store_credit" | "simulator";
                            amountCents?: number;
                            tenderedCents?: number;
                            terminalReference?: string;
                            cardLast4?: string;
                            giftCardCode?: string;
                            /**
                             * Format: uuid
                             * @description Store credit: whose it is. Must be the sale’s customer (the patient of a caregiver’s purchase); else 422 STORE_CREDIT_NOT_CUSTOMERS, and a walk-in has none
                             */
                            customerId?: string;
                        }[];
                        /** Format: uuid */
                        registerSessionId?: string;
                        budtenderId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Completion"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Completion"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                402: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/promotions/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Price lines with the store’s promotions and coupons, as completion will (usage limits are enforced at completion) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @default in_store
                         * @enum {string}
                         */
                        channel?: "in_store" | "pickup" | "delivery";
                        lines: {
                            lineId?: string;
                            /** Format: uuid */
                            skuId: string;
                            quantity: number;
                        }[];
                        /** @default [] */
                        couponCodes?: string[];
                        /** Format: uuid */
                        customerId?: string;
                        /** Format: date-time */
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PromotionPreview"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The check-in queue (waiting and serving by default), oldest first, with wait times */
        get: {
            parameters: {
                query?: {
                    status?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Oldest first */
                            items: components["schemas"]["QueueEntry"][];
                            /** @description Entries of the answer still waiting */
                            waitingCount: number;
                            /** @description Longest wait among them (0 when none) */
                            longestWaitSeconds: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Check a customer in (walk-in or online pickup) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @default walk_in
                         * @enum {string}
                         */
                        source?: "walk_in" | "online_pickup";
                        /** Format: uuid */
                        customerId?: string;
                        customerName?: string;
                        /** Format: uuid */
                        orderId?: string;
                        idChecked?: boolean;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["QueueEntry"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/queue/{entryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Serve, finish or drop a queue entry; assign a budtender; record the ID check */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    entryId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status?: "serving" | "done" | "left";
                        budtenderId?: string | null;
                        /** @enum {boolean} */
                        idChecked?: true;
                        note?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["QueueEntry"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/stores/{storeId}/register-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Register sessions of a store, newest first */
        get: {
            parameters: {
                query?: {
                    status?: "open" | "closed";
                    unreviewed?: boolean;
                    limit?: number;
                };
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Newest first */
                            items: components["schemas"]["RegisterSession"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/registers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Registers of a store, with their open session */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description By name */
                            items: components["schemas"]["RegisterWithSession"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a register to a store */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Register"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/reorder-points": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The store’s reorder points, with each SKU’s code and title, what is available now and whether it is low
         * @description 403 STORE_NOT_ALLOWED for a store outside the caller’s; 404 NOT_FOUND for an unknown store.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description By product title and SKU code; SKUs the catalog no longer has last */
                            reorderPoints: {
                                /** Format: uuid */
                                skuId: string;
                                /** @description The SKU’s code; null when the catalog no longer has the SKU */
                                code: string | null;
                                /** @description Its product’s title; null when the catalog no longer has the SKU */
                                title: string | null;
                                sizeLabel: string | null;
                                reorderAt: number;
                                reorderQuantity: number;
                                /** @description Available at the store now */
                                available: number;
                                /** @description available ≤ reorderAt */
                                low: boolean;
                                /**
                                 * Format: date-time
                                 * @description ISO-8601 instant (UTC)
                                 */
                                updatedAt: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/reorder-points/{skuId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the reorder point of a SKU at a store
         * @description 404 NOT_FOUND (path params.skuId) for a SKU the catalog does not have, and nothing is stored. 403 STORE_NOT_ALLOWED for a store outside the caller’s.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    skuId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reorderAt: number;
                        reorderQuantity: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReorderPoint"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /**
         * Remove the reorder point of a SKU at a store (audited); its open low-stock alert is resolved
         * @description 404 NOT_FOUND (path params.skuId) when the SKU has no reorder point at the store. 403 STORE_NOT_ALLOWED for a store outside the caller’s.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                    skuId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/reservations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hold stock for a cart or order (TTL); packages picked FIFO unless scanned */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lines: {
                            /** Format: uuid */
                            skuId: string;
                            quantity: number;
                            packageLabel?: string;
                            /** @enum {string} */
                            unit?: "each" | "mg";
                        }[];
                        ttlSeconds: number;
                        reference: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryReservation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/returns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Put returned goods back on hand (never more than the order took) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        orderId: string;
                        lines: {
                            packageLabel: string;
                            quantity: number;
                            locationCode?: string;
                        }[];
                        /**
                         * @default customer_return
                         * @enum {string}
                         */
                        reasonCode?: "customer_return" | "wrong_item" | "defective" | "order_cancelled";
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventoryReturn"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/sales": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A register sale without a hold (FIFO, or the scanned package) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lines: {
                            /** Format: uuid */
                            skuId: string;
                            quantity: number;
                            packageLabel?: string;
                            /** @enum {string} */
                            unit?: "each" | "mg";
                        }[];
                        reference: {
                            orderId: string;
                            customerId?: string | null;
                            channel?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InventorySale"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/traceability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A store's state-reporting settings (keys are never shown) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TraceabilitySettings"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Connect a store to Metrc or BioTrack (or none); real-time or batched */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        engine: "metrc" | "biotrack" | "none";
                        licenseNumber?: string;
                        baseUrl?: string | null;
                        /** @enum {string} */
                        mode?: "realtime" | "batched";
                        batchMinutes?: number;
                        blockSalesWhenDown?: boolean | null;
                        /** @description Write-only: sealed at rest, never returned */
                        credentials?: {
                            vendorKey: string;
                            userKey: string;
                        } | {
                            ubi: string;
                            username: string;
                            password: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TraceabilitySettings"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/traceability/pull": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import incoming transfers as receiving manifests, and lab results onto batches */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/traceability/reconcile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Compare the store's packages with the state's now; holds what the state holds */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TraceReconciliation"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/traceability/reconciliations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent reconciliations and their differences */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            reconciliations: components["schemas"]["TraceReconciliation"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/stores/{storeId}/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The store’s transfers out and in, newest first, a page at a time
         * @description direction: outgoing or incoming (default both). status: in_transit or received. limit: 1-200 (default 50). after: the previous page’s nextAfter. A bad or unknown parameter, or an after that is not a transfer of this store, is 400 VALIDATION_FAILED with its path. 403 STORE_NOT_ALLOWED for a store outside the caller’s.
         */
        get: {
            parameters: {
                query?: {
                    status?: "in_transit" | "received";
                    limit?: number;
                    /** @description Only what comes after this one (the previous page’s nextAfter) */
                    after?: string;
                    direction?: "outgoing" | "incoming";
                };
                header?: never;
                path: {
                    storeId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Newest first; at most `limit` */
                            transfers: components["schemas"]["InventoryTransferSummary"][];
                            /** @description When more transfers follow: pass it as `after` for the next page */
                            nextAfter: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/traceability/item-mappings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Map state item names to SKUs, for importing transfers
         * @description A skuId that is not one of the organization’s SKUs is 404 NOT_FOUND at its mapping (details.path), and nothing is saved.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        mappings: {
                            stateItemName: string;
                            /** Format: uuid */
                            skuId: string;
                            /** @enum {string} */
                            unit: "each" | "mg";
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            saved: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/traceability/over-limit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sales reported late (an outage, retries) that turn out to exceed purchase limits */
        get: {
            parameters: {
                query?: {
                    storeId?: string;
                    since?: string;
                    lateAfterSeconds?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/traceability/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Queue health per store: queued count, oldest age, failures, circuit */
        get: {
            parameters: {
                query?: {
                    storeId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            stores: {
                                storeId: string;
                                queued: number;
                                sending: number;
                                failed: number;
                                sent: number;
                                oldestQueuedAt: string | null;
                                oldestAgeSeconds: number;
                                circuit: ("closed" | "open") | null;
                                lastError: string | null;
                                lastSuccessAt: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/traceability/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** State reports; status=failed is the failed-reports list, with the reason of each */
        get: {
            parameters: {
                query?: {
                    storeId?: string;
                    status?: "queued" | "sending" | "sent" | "failed" | "resolved";
                    kind?: "sale" | "void" | "return" | "adjustment";
                    orderId?: string;
                    limit?: number;
                    before?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            reports: components["schemas"]["TraceReport"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/traceability/reports/{id}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a failed report again (looks it up at the state first) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TraceReport"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/traceability/reports/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a failed report handled by hand */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TraceReport"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List webhook subscriptions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            webhooks: components["schemas"]["WebhookSubscription"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Subscribe a URL to events; the generated signing secret is returned once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url: string;
                        eventTypes: string[];
                        description?: string;
                        active?: boolean;
                        /** @description Bring your own secret (24+ visible ASCII characters); omit to have one generated */
                        secret?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookSubscriptionWithSecret"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook subscription */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookSubscription"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a subscription and its delivery log */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change URL, event types, description or active flag */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url?: string;
                        eventTypes?: string[];
                        description?: string;
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookSubscription"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The delivery log of a subscription, newest first */
        get: {
            parameters: {
                query?: {
                    status?: "pending" | "processing" | "succeeded" | "failed";
                    eventType?: string;
                    /** @description Page: deliveries older than this id */
                    before?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveries: components["schemas"]["WebhookDelivery"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries/{deliveryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One delivery with the body sent and every attempt */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    deliveryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            subscriptionId: string;
                            /** Format: uuid */
                            eventId: string;
                            eventType: string;
                            /** @enum {string} */
                            status: "pending" | "processing" | "succeeded" | "failed";
                            attempts: number;
                            lastStatusCode: number | null;
                            lastError: string | null;
                            nextAttemptAt: string | null;
                            deliveredAt: string | null;
                            createdAt: string;
                            body: unknown;
                            attemptLog: components["schemas"]["WebhookDeliveryAttempt"][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery again (same delivery id and body, fresh tries) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    deliveryId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookDelivery"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** New signing secret; the old one keeps signing alongside until the overlap ends */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 86400 */
                        overlapSeconds?: number;
                        secret?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WebhookSubscriptionWithSecret"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Alert: {
            /** Format: uuid */
            id: string;
            storeId: string | null;
            ruleKey: string;
            kind: string;
            /** @enum {string} */
            severity: "info" | "warning" | "critical";
            title: string;
            details: unknown;
            sourceEventId: string | null;
            sourceEventType: string | null;
            /** @enum {string} */
            status: "open" | "acknowledged" | "resolved";
            dedupeKey: string;
            /** @description How many times the condition was seen while this alert was unresolved */
            occurrences: number;
            firstSeenAt: string;
            lastSeenAt: string;
            acknowledgedAt: string | null;
            acknowledgedBy: string | null;
            resolvedAt: string | null;
            resolvedBy: string | null;
        };
        AlertInput: {
            /** Format: uuid */
            id: string;
            storeId: string | null;
            ruleKey: string;
            kind: string;
            /** @enum {string} */
            severity: "info" | "warning" | "critical";
            title: string;
            details: unknown;
            sourceEventId: string | null;
            sourceEventType: string | null;
            /** @enum {string} */
            status: "open" | "acknowledged" | "resolved";
            dedupeKey: string;
            /** @description How many times the condition was seen while this alert was unresolved */
            occurrences: number;
            firstSeenAt: string;
            lastSeenAt: string;
            acknowledgedAt: string | null;
            acknowledgedBy: string | null;
            resolvedAt: string | null;
            resolvedBy: string | null;
        };
        AlertRule: {
            key: string;
            builtIn: boolean;
            /** @enum {string} */
            ruleType: "event" | "queue_age";
            eventPattern: string | null;
            /** @description The event that ends the condition: it resolves the unresolved alert with the same dedupe key */
            resolveEventPattern: string | null;
            source: string | null;
            thresholdMinutes: number | null;
            kind: string;
            /** @enum {string} */
            severity: "info" | "warning" | "critical";
            titleTemplate: string;
            dedupeTemplate: string;
            active: boolean;
        };
        AlertRuleInput: {
            key: string;
            builtIn: boolean;
            /** @enum {string} */
            ruleType: "event" | "queue_age";
            eventPattern: string | null;
            /** @description The event that ends the condition: it resolves the unresolved alert with the same dedupe key */
            resolveEventPattern: string | null;
            source: string | null;
            thresholdMinutes: number | null;
            kind: string;
            /** @enum {string} */
            severity: "info" | "warning" | "critical";
            titleTemplate: string;
            dedupeTemplate: string;
            active: boolean;
        };
        ApiKey: {
            /** Format: uuid */
            id: string;
            name: string;
            prefix: string;
            scopes: string[];
            createdAt: string;
            revokedAt: string | null;
            lastUsedAt: string | null;
        };
        ApiKeyInput: {
            /** Format: uuid */
            id: string;
            name: string;
            prefix: string;
            scopes: string[];
            createdAt: string;
            revokedAt: string | null;
            lastUsedAt: string | null;
        };
        AuditEntry: {
            id: number;
            occurredAt: string;
            storeId: string | null;
            actorType: string;
            actorId: string | null;
            action: string;
            entityType: string;
            entityId: string | null;
            before: unknown;
            after: unknown;
            reason: string | null;
            requestId: string | null;
            chainSeq: number | null;
            hash: string | null;
        };
        AuditEntryInput: {
            id: number;
            occurredAt: string;
            storeId: string | null;
            actorType: string;
            actorId: string | null;
            action: string;
            entityType: string;
            entityId: string | null;
            before: unknown;
            after: unknown;
            reason: string | null;
            requestId: string | null;
            chainSeq: number | null;
            hash: string | null;
        };
        /** @description A batch and its deciding lab result (latest test; a failure wins on the same day) */
        BatchLabProfile: {
            /** Format: uuid */
            batchId: string;
            batchCode: string;
            /**
             * @description The latest lab result of the batch; failed stock cannot be sold
             * @enum {string}
             */
            labStatus: "pending" | "passed" | "failed";
            /** @description Of the deciding lab result; null without one */
            testedOn: string | null;
            labName: string | null;
            certificateUrl: string | null;
            /** @description Of the deciding lab result; empty without one */
            cannabinoids: {
                name: string;
                percent?: number;
                mgPerG?: number;
                mg?: number;
            }[];
            terpenes: {
                name: string;
                percent: number;
            }[];
        };
        /** @description A batch and its deciding lab result (latest test; a failure wins on the same day) */
        BatchLabProfileInput: {
            /** Format: uuid */
            batchId: string;
            batchCode: string;
            /**
             * @description The latest lab result of the batch; failed stock cannot be sold
             * @enum {string}
             */
            labStatus: "pending" | "passed" | "failed";
            /** @description Of the deciding lab result; null without one */
            testedOn: string | null;
            labName: string | null;
            certificateUrl: string | null;
            /** @description Of the deciding lab result; empty without one */
            cannabinoids: {
                name: string;
                percent?: number;
                mgPerG?: number;
                mg?: number;
            }[];
            terpenes: {
                name: string;
                percent: number;
            }[];
        };
        Brand: {
            /** Format: uuid */
            id: string;
            name: string;
            slug: string;
            aliases: string[];
            description: string;
            createdAt: string;
            updatedAt: string;
        };
        BrandInput: {
            /** Format: uuid */
            id: string;
            name: string;
            slug: string;
            aliases: string[];
            description: string;
            createdAt: string;
            updatedAt: string;
        };
        CaregiverLink: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            caregiverCustomerId: string;
            /** Format: uuid */
            patientCustomerId: string;
            name: string;
            cardNumberMasked: string | null;
            cardJurisdiction: string | null;
            cardExpiresOn: string | null;
            createdAt: string;
        };
        CaregiverLinkInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            caregiverCustomerId: string;
            /** Format: uuid */
            patientCustomerId: string;
            name: string;
            cardNumberMasked: string | null;
            cardJurisdiction: string | null;
            cardExpiresOn: string | null;
            createdAt: string;
        };
        Cart: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** Format: uuid */
            customerId: string;
            /** @description A linked caregiver buying for the customer (the patient), or null. */
            caregiverId: string | null;
            /** @enum {string} */
            channel: "pickup" | "delivery";
            status: string;
            orderId: string | null;
            lines: ({
                lineNo: number;
                /** Format: uuid */
                skuId: string;
                quantity: number;
                unitPriceCents: number;
                totalCents: number;
            } & {
                [key: string]: unknown;
            })[];
            hold: {
                /** Format: uuid */
                reservationId: string;
                expiresAt: string;
            } | null;
            allowed: boolean;
            limits: ({
                id: string;
                label: string;
                used: number;
                max: number;
                remaining: number;
            } & {
                [key: string]: unknown;
            })[];
            totals: {
                subtotalCents: number;
                discountCents: number;
                taxCents: number;
                totalCents: number;
            };
        } & {
            [key: string]: unknown;
        };
        CartInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** Format: uuid */
            customerId: string;
            /** @description A linked caregiver buying for the customer (the patient), or null. */
            caregiverId: string | null;
            /** @enum {string} */
            channel: "pickup" | "delivery";
            status: string;
            orderId: string | null;
            lines: ({
                lineNo: number;
                /** Format: uuid */
                skuId: string;
                quantity: number;
                unitPriceCents: number;
                totalCents: number;
            } & {
                [key: string]: unknown;
            })[];
            hold: {
                /** Format: uuid */
                reservationId: string;
                expiresAt: string;
            } | null;
            allowed: boolean;
            limits: ({
                id: string;
                label: string;
                used: number;
                max: number;
                remaining: number;
            } & {
                [key: string]: unknown;
            })[];
            totals: {
                subtotalCents: number;
                discountCents: number;
                taxCents: number;
                totalCents: number;
            };
        } & {
            [key: string]: unknown;
        };
        CatalogReviewItem: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            skuId: string;
            skuCode: string;
            /** Format: uuid */
            productId: string;
            registerName: string;
            suggestion: unknown;
            filledFields: string[];
            confidence: number;
            reasons: string[];
            source: string;
            /** @enum {string} */
            status: "pending" | "accepted" | "rejected";
            decidedBy: string | null;
            decidedAt: string | null;
            decision: unknown;
            createdAt: string;
        };
        CatalogReviewItemInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            skuId: string;
            skuCode: string;
            /** Format: uuid */
            productId: string;
            registerName: string;
            suggestion: unknown;
            filledFields: string[];
            confidence: number;
            reasons: string[];
            source: string;
            /** @enum {string} */
            status: "pending" | "accepted" | "rejected";
            decidedBy: string | null;
            decidedAt: string | null;
            decision: unknown;
            createdAt: string;
        };
        Completion: {
            order: components["schemas"]["Order"];
            payments: ({
                /** Format: uuid */
                id: string;
                provider: string;
                status: string;
                amountCents: number;
                /** @description Cash handed over (cash tenders), from which changeCents is given back. */
                tenderedCents?: number | null;
                changeCents: number;
                refundedCents?: number;
                /** @description The processor’s or terminal’s reference; never card data. */
                authorizationRef?: string | null;
            } & {
                [key: string]: unknown;
            })[];
            promotions?: {
                applied: {
                    promotionId: string;
                    name: string;
                    label: string;
                    code?: string;
                    amountCents: number;
                }[];
                rejected: {
                    promotionId?: string;
                    code?: string;
                    reason: string;
                    condition?: string;
                    lineIds?: string[];
                    blockedBy?: string;
                }[];
            };
            /** @description Points spent and earned; null without a known customer or a loyalty program */
            loyalty?: components["schemas"]["SaleLoyalty"] | null;
        };
        CompletionInput: {
            order: components["schemas"]["OrderInput"];
            payments: ({
                /** Format: uuid */
                id: string;
                provider: string;
                status: string;
                amountCents: number;
                /** @description Cash handed over (cash tenders), from which changeCents is given back. */
                tenderedCents?: number | null;
                changeCents: number;
                refundedCents?: number;
                /** @description The processor’s or terminal’s reference; never card data. */
                authorizationRef?: string | null;
            } & {
                [key: string]: unknown;
            })[];
            promotions?: {
                applied: {
                    promotionId: string;
                    name: string;
                    label: string;
                    code?: string;
                    amountCents: number;
                }[];
                rejected: {
                    promotionId?: string;
                    code?: string;
                    reason: string;
                    condition?: string;
                    lineIds?: string[];
                    blockedBy?: string;
                }[];
            };
            /** @description Points spent and earned; null without a known customer or a loyalty program */
            loyalty?: components["schemas"]["SaleLoyaltyInput"] | null;
        };
        ComplianceCheck: {
            allowed: boolean;
            violations: {
                /** @enum {string} */
                code: "UNDERAGE" | "PURCHASE_LIMIT" | "MEDICAL_CARD_INVALID" | "OUTSIDE_SALE_HOURS" | "DELIVERY_NOT_ALLOWED" | "DELIVERY_VEHICLE_LIMIT" | "PRODUCT_NOT_PERMITTED";
                message: string;
                rule: string;
                lines: number[];
                overridable: boolean;
                /** @enum {string} */
                confidence?: "sure" | "likely" | "unsure";
                source?: {
                    refs: string[];
                    title: string;
                };
            }[];
            limits: {
                id: string;
                label: string;
                used: number;
                max: number;
                /** @enum {string} */
                unit: "mg" | "mg_thc" | "units";
                remaining: number;
                window: string;
                /** @enum {string} */
                confidence: "sure" | "likely" | "unsure";
                /** @description Present when customer.limitAllowances named this limit; `max` is then the larger of the two. */
                allowance?: {
                    /** @description The patient’s allowance as sent, in `unit`. */
                    max: number;
                    /** @description The pack’s own maximum. */
                    packMax: number;
                    /** @description True when the allowance raised `max`; false when it was not above the pack’s maximum. */
                    applied: boolean;
                };
            }[];
            taxes: {
                code: string;
                label: string;
                rate: number;
                baseCents: number;
                amountCents: number;
                includedInPrice: boolean;
                /** @enum {string} */
                metrcField: "ExciseTax" | "CityTax" | "CountyTax" | "MunicipalTax" | "DiscountAmount" | "SalesTax" | "OtherTax";
                lines: {
                    line: number;
                    baseCents: number;
                    amountCents: number;
                }[];
            }[];
            subtotalCents: number;
            taxCents: number;
            totalCents: number;
            packVersion: string;
            receiptLines: {
                line: number;
                sku: string;
                grossCents: number;
                discountCents: number;
                exemptCents: number;
                priceCents: number;
                taxCents: number;
                metrc: {
                    [key: string]: number;
                };
            }[];
            context: {
                jurisdiction: string;
                timezone: string;
                localDate: string;
                localTime: string;
                /** @enum {string} */
                customerKind: "adult_use" | "medical";
                /** @enum {string} */
                residency: "resident" | "non_resident";
            };
            applied: {
                historySince: string;
                historyPurchases: number;
                /** @description Limit allowances on the patient’s record that the pack in effect no longer lets a practitioner raise: not applied (the pack maximum holds) until the record is corrected. */
                allowancesNotApplied: string[];
                overrides: string[];
                localSalesTaxRate: number;
                localCannabisTaxRate: number;
                taxSettingId: string | null;
            };
        };
        ComplianceCheckInput: {
            allowed: boolean;
            violations: {
                /** @enum {string} */
                code: "UNDERAGE" | "PURCHASE_LIMIT" | "MEDICAL_CARD_INVALID" | "OUTSIDE_SALE_HOURS" | "DELIVERY_NOT_ALLOWED" | "DELIVERY_VEHICLE_LIMIT" | "PRODUCT_NOT_PERMITTED";
                message: string;
                rule: string;
                lines: number[];
                overridable: boolean;
                /** @enum {string} */
                confidence?: "sure" | "likely" | "unsure";
                source?: {
                    refs: string[];
                    title: string;
                };
            }[];
            limits: {
                id: string;
                label: string;
                used: number;
                max: number;
                /** @enum {string} */
                unit: "mg" | "mg_thc" | "units";
                remaining: number;
                window: string;
                /** @enum {string} */
                confidence: "sure" | "likely" | "unsure";
                /** @description Present when customer.limitAllowances named this limit; `max` is then the larger of the two. */
                allowance?: {
                    /** @description The patient’s allowance as sent, in `unit`. */
                    max: number;
                    /** @description The pack’s own maximum. */
                    packMax: number;
                    /** @description True when the allowance raised `max`; false when it was not above the pack’s maximum. */
                    applied: boolean;
                };
            }[];
            taxes: {
                code: string;
                label: string;
                rate: number;
                baseCents: number;
                amountCents: number;
                includedInPrice: boolean;
                /** @enum {string} */
                metrcField: "ExciseTax" | "CityTax" | "CountyTax" | "MunicipalTax" | "DiscountAmount" | "SalesTax" | "OtherTax";
                lines: {
                    line: number;
                    baseCents: number;
                    amountCents: number;
                }[];
            }[];
            subtotalCents: number;
            taxCents: number;
            totalCents: number;
            packVersion: string;
            receiptLines: {
                line: number;
                sku: string;
                grossCents: number;
                discountCents: number;
                exemptCents: number;
                priceCents: number;
                taxCents: number;
                metrc: {
                    [key: string]: number;
                };
            }[];
            context: {
                jurisdiction: string;
                timezone: string;
                localDate: string;
                localTime: string;
                /** @enum {string} */
                customerKind: "adult_use" | "medical";
                /** @enum {string} */
                residency: "resident" | "non_resident";
            };
            applied: {
                historySince: string;
                historyPurchases: number;
                /** @description Limit allowances on the patient’s record that the pack in effect no longer lets a practitioner raise: not applied (the pack maximum holds) until the record is corrected. */
                allowancesNotApplied: string[];
                overrides: string[];
                localSalesTaxRate: number;
                localCannabisTaxRate: number;
                taxSettingId: string | null;
            };
        };
        ComplianceEvent: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "refusal" | "override";
            source: string;
            storeId: string | null;
            customerId: string | null;
            orderId: string | null;
            channel: ("in_store" | "pickup" | "delivery") | null;
            codes: string[];
            violations: ({
                code: string;
                message: string;
                rule: string;
                lines?: number[];
                overridable?: boolean;
            } & {
                [key: string]: unknown;
            })[];
            reason: string | null;
            refusalId: string | null;
            jurisdiction: string | null;
            packVersion: string | null;
            actorType: string;
            actorId: string | null;
            occurredAt: string;
        };
        ComplianceEventInput: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "refusal" | "override";
            source: string;
            storeId: string | null;
            customerId: string | null;
            orderId: string | null;
            channel: ("in_store" | "pickup" | "delivery") | null;
            codes: string[];
            violations: ({
                code: string;
                message: string;
                rule: string;
                lines?: number[];
                overridable?: boolean;
            } & {
                [key: string]: unknown;
            })[];
            reason: string | null;
            refusalId: string | null;
            jurisdiction: string | null;
            packVersion: string | null;
            actorType: string;
            actorId: string | null;
            occurredAt: string;
        };
        Customer: {
            /** Format: uuid */
            id: string;
            firstName: string;
            lastName: string;
            birthDate: string;
            email: string | null;
            phone: string | null;
            /** @enum {string} */
            kind: "adult_use" | "medical";
            idJurisdiction: string | null;
            idNumberMasked: string | null;
            /** Format: uuid */
            organizationId: string;
            consent: {
                marketing: boolean;
                dataRetention: boolean;
                updatedAt: string | null;
            };
            idVerifiedAt: string | null;
            idExpiresOn: string | null;
            medical: {
                cardNumberMasked: string;
                cardJurisdiction: string;
                /** @enum {string} */
                cardKind: "registry_card" | "recommendation";
                cardExpiresOn: string;
                physicianName: string | null;
                physicianLicense: string | null;
                recommendationIssuedOn: string | null;
                recommendationExpiresOn: string | null;
                notes: string | null;
                /** @description Per-patient limit allowances on file, expired ones included (checkout applies only unexpired ones). */
                limitAllowances: components["schemas"]["MedicalLimitAllowance"][];
            } | null;
            caregivers: components["schemas"]["CaregiverLink"][];
            patients: components["schemas"]["CaregiverLink"][];
            createdAt: string;
            updatedAt: string;
        };
        CustomerInput: {
            /** Format: uuid */
            id: string;
            firstName: string;
            lastName: string;
            birthDate: string;
            email: string | null;
            phone: string | null;
            /** @enum {string} */
            kind: "adult_use" | "medical";
            idJurisdiction: string | null;
            idNumberMasked: string | null;
            /** Format: uuid */
            organizationId: string;
            consent: {
                marketing: boolean;
                dataRetention: boolean;
                updatedAt: string | null;
            };
            idVerifiedAt: string | null;
            idExpiresOn: string | null;
            medical: {
                cardNumberMasked: string;
                cardJurisdiction: string;
                /** @enum {string} */
                cardKind: "registry_card" | "recommendation";
                cardExpiresOn: string;
                physicianName: string | null;
                physicianLicense: string | null;
                recommendationIssuedOn: string | null;
                recommendationExpiresOn: string | null;
                notes: string | null;
                /** @description Per-patient limit allowances on file, expired ones included (checkout applies only unexpired ones). */
                limitAllowances: components["schemas"]["MedicalLimitAllowanceInput"][];
            } | null;
            caregivers: components["schemas"]["CaregiverLinkInput"][];
            patients: components["schemas"]["CaregiverLinkInput"][];
            createdAt: string;
            updatedAt: string;
        };
        CustomerSummary: {
            /** Format: uuid */
            id: string;
            firstName: string;
            lastName: string;
            birthDate: string;
            email: string | null;
            phone: string | null;
            /** @enum {string} */
            kind: "adult_use" | "medical";
            idJurisdiction: string | null;
            idNumberMasked: string | null;
        };
        CustomerSummaryInput: {
            /** Format: uuid */
            id: string;
            firstName: string;
            lastName: string;
            birthDate: string;
            email: string | null;
            phone: string | null;
            /** @enum {string} */
            kind: "adult_use" | "medical";
            idJurisdiction: string | null;
            idNumberMasked: string | null;
        };
        DeadLetter: {
            id: number;
            subscriber: string;
            attempts: number;
            lastError: string | null;
            updatedAt: string;
            event: {
                seq: number | null;
                type: string;
                aggregateType: string;
                aggregateId: string;
                payload: unknown;
            };
        };
        DeadLetterInput: {
            id: number;
            subscriber: string;
            attempts: number;
            lastError: string | null;
            updatedAt: string;
            event: {
                seq: number | null;
                type: string;
                aggregateType: string;
                aggregateId: string;
                payload: unknown;
            };
        };
        /** @description A vehicle’s trip with the orders on board (the delivery manifest) */
        DeliveryRun: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            vehicle: components["schemas"]["DeliveryVehicle"];
            driverId: string;
            /** @enum {string} */
            status: "loading" | "out" | "returned" | "cancelled";
            unorderedValueCents: number;
            /** @description Why a manager let the vehicle leave over a vehicle rule */
            overrideReason: string | null;
            departedAt: string | null;
            returnedAt: string | null;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            createdAt: string;
            /** @description In loading order: the manifest */
            stops: components["schemas"]["DeliveryStop"][];
            load: components["schemas"]["VehicleLoadCheck"];
        };
        /** @description A vehicle’s trip with the orders on board (the delivery manifest) */
        DeliveryRunInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            vehicle: components["schemas"]["DeliveryVehicleInput"];
            driverId: string;
            /** @enum {string} */
            status: "loading" | "out" | "returned" | "cancelled";
            unorderedValueCents: number;
            /** @description Why a manager let the vehicle leave over a vehicle rule */
            overrideReason: string | null;
            departedAt: string | null;
            returnedAt: string | null;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            createdAt: string;
            /** @description In loading order: the manifest */
            stops: components["schemas"]["DeliveryStopInput"][];
            load: components["schemas"]["VehicleLoadCheckInput"];
        };
        DeliveryStop: {
            seq: number;
            /** Format: uuid */
            orderId: string;
            orderNumber: string;
            /** @enum {string} */
            status: "loaded" | "delivered" | "undelivered";
            reason: string | null;
            endedAt: string | null;
            customerId: string | null;
            /** @description The order’s delivery details as the customer gave them */
            deliverTo: {
                [key: string]: unknown;
            } | null;
            valueCents: number;
            totalCents: number;
            /** @description Paid in full before departure by a tender other than cash */
            prepaid: boolean;
            items: {
                lineNo: number;
                skuCode: string;
                title: string;
                category: string;
                quantity: number;
                packageLabels: string[];
            }[];
        };
        DeliveryStopInput: {
            seq: number;
            /** Format: uuid */
            orderId: string;
            orderNumber: string;
            /** @enum {string} */
            status: "loaded" | "delivered" | "undelivered";
            reason: string | null;
            endedAt: string | null;
            customerId: string | null;
            /** @description The order’s delivery details as the customer gave them */
            deliverTo: {
                [key: string]: unknown;
            } | null;
            valueCents: number;
            totalCents: number;
            /** @description Paid in full before departure by a tender other than cash */
            prepaid: boolean;
            items: {
                lineNo: number;
                skuCode: string;
                title: string;
                category: string;
                quantity: number;
                packageLabels: string[];
            }[];
        };
        /** @description A vehicle of a store that delivery runs take out */
        DeliveryVehicle: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            name: string;
            make: string | null;
            model: string | null;
            licensePlate: string | null;
            active: boolean;
        };
        /** @description A vehicle of a store that delivery runs take out */
        DeliveryVehicleInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            name: string;
            make: string | null;
            model: string | null;
            licensePlate: string | null;
            active: boolean;
        };
        Error: {
            error: {
                code: string;
                message: string;
                details?: unknown;
            };
        };
        ErrorInput: {
            error: {
                code: string;
                message: string;
                details?: unknown;
            };
        };
        IdCheckResult: {
            verification: {
                /** Format: uuid */
                id: string;
                /** Format: uuid */
                customerId: string;
                storeId: string | null;
                documentType: string;
                issuingJurisdiction: string;
                expiresOn: string;
                /** @enum {string} */
                method: "scan" | "manual";
                idNumberMasked: string | null;
                idNumberHashed: boolean;
                privacyRule: string;
                verifiedBy: string | null;
                verifiedByType: string;
                verifiedAt: string;
            };
            ageYears: number;
            minimumAge: number;
            profileBirthDateCorrected: boolean;
            warnings: string[];
        };
        IdCheckResultInput: {
            verification: {
                /** Format: uuid */
                id: string;
                /** Format: uuid */
                customerId: string;
                storeId: string | null;
                documentType: string;
                issuingJurisdiction: string;
                expiresOn: string;
                /** @enum {string} */
                method: "scan" | "manual";
                idNumberMasked: string | null;
                idNumberHashed: boolean;
                privacyRule: string;
                verifiedBy: string | null;
                verifiedByType: string;
                verifiedAt: string;
            };
            ageYears: number;
            minimumAge: number;
            profileBirthDateCorrected: boolean;
            warnings: string[];
        };
        IdVerification: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            customerId: string;
            storeId: string | null;
            documentType: string;
            issuingJurisdiction: string;
            expiresOn: string;
            /** @enum {string} */
            method: "scan" | "manual";
            idNumberMasked: string | null;
            idNumberHashed: boolean;
            privacyRule: string;
            verifiedBy: string | null;
            verifiedByType: string;
            verifiedAt: string;
        };
        IdVerificationInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            customerId: string;
            storeId: string | null;
            documentType: string;
            issuingJurisdiction: string;
            expiresOn: string;
            /** @enum {string} */
            method: "scan" | "manual";
            idNumberMasked: string | null;
            idNumberHashed: boolean;
            privacyRule: string;
            verifiedBy: string | null;
            verifiedByType: string;
            verifiedAt: string;
        };
        /** @description Something about stock a person should look at */
        InventoryAlert: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "drift" | "low_stock" | "receiving_discrepancy" | "transfer_discrepancy" | "recall" | "lab_failed";
            /** @enum {string} */
            status: "open" | "acknowledged" | "resolved";
            storeId: string | null;
            skuId: string | null;
            packageId: string | null;
            message: string;
            /** @description Facts of the alert; their keys depend on the kind */
            details: {
                [key: string]: unknown;
            };
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            createdAt: string;
            acknowledgedAt: string | null;
            acknowledgedBy: string | null;
        };
        /** @description Something about stock a person should look at */
        InventoryAlertInput: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "drift" | "low_stock" | "receiving_discrepancy" | "transfer_discrepancy" | "recall" | "lab_failed";
            /** @enum {string} */
            status: "open" | "acknowledged" | "resolved";
            storeId: string | null;
            skuId: string | null;
            packageId: string | null;
            message: string;
            /** @description Facts of the alert; their keys depend on the kind */
            details: {
                [key: string]: unknown;
            };
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            createdAt: string;
            acknowledgedAt: string | null;
            acknowledgedBy: string | null;
        };
        /** @description A harvest or production lot with its lab results */
        InventoryBatch: {
            /** Format: uuid */
            id: string;
            code: string;
            producerLicense: string;
            producerName: string | null;
            harvestDate: string | null;
            productionDate: string | null;
            sourcePackageLabels: string[];
            /**
             * @description The latest lab result of the batch; failed stock cannot be sold
             * @enum {string}
             */
            labStatus: "pending" | "passed" | "failed";
            /** @description Oldest test first */
            labResults: components["schemas"]["LabResult"][];
        };
        /** @description A harvest or production lot with its lab results */
        InventoryBatchInput: {
            /** Format: uuid */
            id: string;
            code: string;
            producerLicense: string;
            producerName: string | null;
            harvestDate: string | null;
            productionDate: string | null;
            sourcePackageLabels: string[];
            /**
             * @description The latest lab result of the batch; failed stock cannot be sold
             * @enum {string}
             */
            labStatus: "pending" | "passed" | "failed";
            /** @description Oldest test first */
            labResults: components["schemas"]["LabResultInput"][];
        };
        /** @description A full or cycle count and its variance report */
        InventoryCount: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            kind: "full" | "cycle";
            /** @enum {string} */
            status: "open" | "submitted" | "approved" | "rejected";
            /** @description By location code, then label */
            lines: {
                packageLabel: string;
                locationCode: string;
                /** Format: uuid */
                skuId: string;
                /** @description On hand at submission; null while open */
                expectedQuantity: number | null;
                /** @description Null until counted */
                countedQuantity: number | null;
                /** @description Counted − expected, once both are known */
                variance: number | null;
            }[];
            /** @description The variance report in numbers */
            summary: {
                lines: number;
                /** @description Lines with a counted quantity */
                counted: number;
                /** @description Lines whose count differs from what was expected (known once submitted) */
                withVariance: number;
                /** @description Sum of positive variances */
                over: number;
                /** @description Sum of negative variances, as a positive number */
                short: number;
            };
        };
        /** @description A full or cycle count and its variance report */
        InventoryCountInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            kind: "full" | "cycle";
            /** @enum {string} */
            status: "open" | "submitted" | "approved" | "rejected";
            /** @description By location code, then label */
            lines: {
                packageLabel: string;
                locationCode: string;
                /** Format: uuid */
                skuId: string;
                /** @description On hand at submission; null while open */
                expectedQuantity: number | null;
                /** @description Null until counted */
                countedQuantity: number | null;
                /** @description Counted − expected, once both are known */
                variance: number | null;
            }[];
            /** @description The variance report in numbers */
            summary: {
                lines: number;
                /** @description Lines with a counted quantity */
                counted: number;
                /** @description Lines whose count differs from what was expected (known once submitted) */
                withVariance: number;
                /** @description Sum of positive variances */
                over: number;
                /** @description Sum of negative variances, as a positive number */
                short: number;
            };
        };
        /** @description A count as the store’s list shows it (GET …/counts/{id} has its lines) */
        InventoryCountSummary: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            kind: "full" | "cycle";
            /** @enum {string} */
            status: "open" | "submitted" | "approved" | "rejected";
            /** @description The location a cycle count covers; null for every location */
            locationCode: string | null;
            /** @description The SKUs a cycle count covers; null for every SKU */
            skuIds: string[] | null;
            note: string | null;
            /** @description Who started it */
            createdBy: string | null;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            createdAt: string;
            submittedBy: string | null;
            submittedAt: string | null;
            /** @description Who approved or rejected it */
            decidedBy: string | null;
            decidedAt: string | null;
            /** @description The variance report in numbers */
            summary: {
                lines: number;
                /** @description Lines with a counted quantity */
                counted: number;
                /** @description Lines whose count differs from what was expected (known once submitted) */
                withVariance: number;
                /** @description Sum of positive variances */
                over: number;
                /** @description Sum of negative variances, as a positive number */
                short: number;
            };
        };
        /** @description A count as the store’s list shows it (GET …/counts/{id} has its lines) */
        InventoryCountSummaryInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            kind: "full" | "cycle";
            /** @enum {string} */
            status: "open" | "submitted" | "approved" | "rejected";
            /** @description The location a cycle count covers; null for every location */
            locationCode: string | null;
            /** @description The SKUs a cycle count covers; null for every SKU */
            skuIds: string[] | null;
            note: string | null;
            /** @description Who started it */
            createdBy: string | null;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            createdAt: string;
            submittedBy: string | null;
            submittedAt: string | null;
            /** @description Who approved or rejected it */
            decidedBy: string | null;
            decidedAt: string | null;
            /** @description The variance report in numbers */
            summary: {
                lines: number;
                /** @description Lines with a counted quantity */
                counted: number;
                /** @description Lines whose count differs from what was expected (known once submitted) */
                withVariance: number;
                /** @description Sum of positive variances */
                over: number;
                /** @description Sum of negative variances, as a positive number */
                short: number;
            };
        };
        /** @description A place in a store where stock is kept */
        InventoryLocation: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** @description Short code, unique in the store (vault, sales_floor, …) */
            code: string;
            name: string;
            /** @enum {string} */
            kind: "vault" | "sales_floor" | "display" | "backstock" | "quarantine" | "in_transit" | "receiving" | "other";
            /** @description Stock here counts as available to sell */
            sellable: boolean;
            /** @description A retired location holds no stock */
            active: boolean;
        };
        /** @description A place in a store where stock is kept */
        InventoryLocationInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** @description Short code, unique in the store (vault, sales_floor, …) */
            code: string;
            name: string;
            /** @enum {string} */
            kind: "vault" | "sales_floor" | "display" | "backstock" | "quarantine" | "in_transit" | "receiving" | "other";
            /** @description Stock here counts as available to sell */
            sellable: boolean;
            /** @description A retired location holds no stock */
            active: boolean;
        };
        /** @description An incoming manifest, its items and receiving discrepancies */
        InventoryManifest: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            number: string;
            /** @enum {string} */
            source: "supplier" | "metrc";
            supplierName: string | null;
            supplierLicense: string | null;
            /** @enum {string} */
            status: "open" | "closed";
            /** @description In manifest order */
            items: {
                packageLabel: string;
                /** Format: uuid */
                skuId: string;
                batchId: string | null;
                /**
                 * @description each: counted in units; mg: counted in milligrams
                 * @enum {string}
                 */
                unit: "each" | "mg";
                expectedQuantity: number;
                /** @enum {string} */
                status: "pending" | "accepted" | "rejected" | "not_received";
                countedQuantity: number | null;
                damagedQuantity: number | null;
                /** @description Counted − damaged when accepted; 0 when rejected */
                acceptedQuantity: number | null;
                /** @description The package created on acceptance */
                packageId: string | null;
                rejectionReason: string | null;
            }[];
            /** @description Oldest first */
            discrepancies: {
                packageLabel: string;
                /** @enum {string} */
                kind: "short" | "over" | "damaged";
                expectedQuantity: number;
                countedQuantity: number;
                /** @description By how much */
                quantity: number;
                note: string | null;
            }[];
        };
        /** @description An incoming manifest, its items and receiving discrepancies */
        InventoryManifestInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            number: string;
            /** @enum {string} */
            source: "supplier" | "metrc";
            supplierName: string | null;
            supplierLicense: string | null;
            /** @enum {string} */
            status: "open" | "closed";
            /** @description In manifest order */
            items: {
                packageLabel: string;
                /** Format: uuid */
                skuId: string;
                batchId: string | null;
                /**
                 * @description each: counted in units; mg: counted in milligrams
                 * @enum {string}
                 */
                unit: "each" | "mg";
                expectedQuantity: number;
                /** @enum {string} */
                status: "pending" | "accepted" | "rejected" | "not_received";
                countedQuantity: number | null;
                damagedQuantity: number | null;
                /** @description Counted − damaged when accepted; 0 when rejected */
                acceptedQuantity: number | null;
                /** @description The package created on acceptance */
                packageId: string | null;
                rejectionReason: string | null;
            }[];
            /** @description Oldest first */
            discrepancies: {
                packageLabel: string;
                /** @enum {string} */
                kind: "short" | "over" | "damaged";
                expectedQuantity: number;
                countedQuantity: number;
                /** @description By how much */
                quantity: number;
                note: string | null;
            }[];
        };
        /** @description A manifest as the store’s list shows it (GET …/manifests/{id} has its items) */
        InventoryManifestSummary: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            number: string;
            /** @enum {string} */
            source: "supplier" | "metrc";
            supplierName: string | null;
            supplierLicense: string | null;
            /** @enum {string} */
            status: "open" | "closed";
            /**
             * Format: date-time
             * @description When it was entered
             */
            createdAt: string;
            closedAt: string | null;
            closedBy: string | null;
            /** @description Its items by status */
            itemCounts: {
                total: number;
                /** @description Not received yet */
                pending: number;
                accepted: number;
                rejected: number;
                /** @description Still pending when the manifest was closed */
                notReceived: number;
            };
            /** @description Short, over and damaged counts recorded while receiving */
            discrepancies: number;
        };
        /** @description A manifest as the store’s list shows it (GET …/manifests/{id} has its items) */
        InventoryManifestSummaryInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            number: string;
            /** @enum {string} */
            source: "supplier" | "metrc";
            supplierName: string | null;
            supplierLicense: string | null;
            /** @enum {string} */
            status: "open" | "closed";
            /**
             * Format: date-time
             * @description When it was entered
             */
            createdAt: string;
            closedAt: string | null;
            closedBy: string | null;
            /** @description Its items by status */
            itemCounts: {
                total: number;
                /** @description Not received yet */
                pending: number;
                accepted: number;
                rejected: number;
                /** @description Still pending when the manifest was closed */
                notReceived: number;
            };
            /** @description Short, over and damaged counts recorded while receiving */
            discrepancies: number;
        };
        /** @description One row of the append-only stock ledger */
        InventoryMovement: {
            /** @description Ledger order */
            id: number;
            /** @enum {string} */
            kind: "receive" | "sale" | "return" | "reserve" | "release" | "adjust" | "transfer_out" | "transfer_in" | "destroy" | "theft_loss" | "count_correction";
            /** Format: uuid */
            storeId: string;
            locationCode: string;
            onHandDelta: number;
            reservedDelta: number;
            reasonCode: string;
            actorType: string;
            actorId: string | null;
            /** @description What caused it: order, reservation, manifest, transfer, count, adjustment, move, destruction, … */
            referenceType: string | null;
            referenceId: string | null;
            /** @description Details of the reference (order, customer and channel of a sale; method and witness of a destruction; …) */
            referenceData: {
                [key: string]: unknown;
            };
            note: string | null;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            occurredAt: string;
        };
        /** @description One row of the append-only stock ledger */
        InventoryMovementInput: {
            /** @description Ledger order */
            id: number;
            /** @enum {string} */
            kind: "receive" | "sale" | "return" | "reserve" | "release" | "adjust" | "transfer_out" | "transfer_in" | "destroy" | "theft_loss" | "count_correction";
            /** Format: uuid */
            storeId: string;
            locationCode: string;
            onHandDelta: number;
            reservedDelta: number;
            reasonCode: string;
            actorType: string;
            actorId: string | null;
            /** @description What caused it: order, reservation, manifest, transfer, count, adjustment, move, destruction, … */
            referenceType: string | null;
            referenceId: string | null;
            /** @description Details of the reference (order, customer and channel of a sale; method and witness of a destruction; …) */
            referenceData: {
                [key: string]: unknown;
            };
            note: string | null;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            occurredAt: string;
        };
        /** @description A package (state-tagged lot) with its stock per location */
        InventoryPackage: {
            /** Format: uuid */
            id: string;
            /** @description The state tag */
            label: string;
            /** Format: uuid */
            skuId: string;
            batchId: string | null;
            batchCode: string | null;
            /**
             * @description each: counted in units; mg: counted in milligrams
             * @enum {string}
             */
            unit: "each" | "mg";
            /** @enum {string} */
            status: "active" | "on_hold" | "recalled" | "quarantined" | "expired" | "finished";
            statusReason: string | null;
            /**
             * @description The latest lab result of the batch; failed stock cannot be sold
             * @enum {string}
             */
            labStatus: "pending" | "passed" | "failed";
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            receivedAt: string;
            packagedOn: string | null;
            expiresOn: string | null;
            /** @description Where the package came from (manual, manifest:<number>, import, …) */
            source: string;
            /** @description Per location, by location code */
            stock: {
                /** Format: uuid */
                storeId: string;
                /** Format: uuid */
                locationId: string;
                locationCode: string;
                sellableLocation: boolean;
                onHand: number;
                reserved: number;
                /** @description On hand − reserved */
                available: number;
            }[];
        };
        /** @description A package (state-tagged lot) with its stock per location */
        InventoryPackageInput: {
            /** Format: uuid */
            id: string;
            /** @description The state tag */
            label: string;
            /** Format: uuid */
            skuId: string;
            batchId: string | null;
            batchCode: string | null;
            /**
             * @description each: counted in units; mg: counted in milligrams
             * @enum {string}
             */
            unit: "each" | "mg";
            /** @enum {string} */
            status: "active" | "on_hold" | "recalled" | "quarantined" | "expired" | "finished";
            statusReason: string | null;
            /**
             * @description The latest lab result of the batch; failed stock cannot be sold
             * @enum {string}
             */
            labStatus: "pending" | "passed" | "failed";
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            receivedAt: string;
            packagedOn: string | null;
            expiresOn: string | null;
            /** @description Where the package came from (manual, manifest:<number>, import, …) */
            source: string;
            /** @description Per location, by location code */
            stock: {
                /** Format: uuid */
                storeId: string;
                /** Format: uuid */
                locationId: string;
                locationCode: string;
                sellableLocation: boolean;
                onHand: number;
                reserved: number;
                /** @description On hand − reserved */
                available: number;
            }[];
        };
        /** @description A recall that put every package in scope on hold */
        InventoryRecall: {
            /** Format: uuid */
            id: string;
            /** @description Packages newly put on recall (not recalled before) */
            held: number;
            trace: components["schemas"]["RecallTrace"];
        };
        /** @description A recall that put every package in scope on hold */
        InventoryRecallInput: {
            /** Format: uuid */
            id: string;
            /** @description Packages newly put on recall (not recalled before) */
            held: number;
            trace: components["schemas"]["RecallTraceInput"];
        };
        /** @description Counters recomputed from the ledger */
        InventoryReconciliation: {
            /** @description Stock rows compared */
            checked: number;
            /** @description Counters that differ from the ledger; each raises an alert */
            drifts: {
                /** Format: uuid */
                packageId: string;
                /** Format: uuid */
                locationId: string;
                /** @description Null when the ledger has rows without a counter */
                storeId: string | null;
                skuId: string | null;
                counterOnHand: number;
                counterReserved: number;
                ledgerOnHand: number;
                ledgerReserved: number;
                /** @description Sum of held reservation lines; reserved should equal it */
                heldReserved: number;
            }[];
        };
        /** @description Counters recomputed from the ledger */
        InventoryReconciliationInput: {
            /** @description Stock rows compared */
            checked: number;
            /** @description Counters that differ from the ledger; each raises an alert */
            drifts: {
                /** Format: uuid */
                packageId: string;
                /** Format: uuid */
                locationId: string;
                /** @description Null when the ledger has rows without a counter */
                storeId: string | null;
                skuId: string | null;
                counterOnHand: number;
                counterReserved: number;
                ledgerOnHand: number;
                ledgerReserved: number;
                /** @description Sum of held reservation lines; reserved should equal it */
                heldReserved: number;
            }[];
        };
        /** @description Stock held for a cart or order until it expires */
        InventoryReservation: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** @description The cart or order the hold is for, as sent */
            reference: string;
            /** @enum {string} */
            status: "held" | "converted" | "released" | "expired";
            ttlSeconds: number;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            expiresAt: string;
            /** @description Set when the hold became a sale */
            orderId: string | null;
            lines: components["schemas"]["StockLinePicks"][];
        };
        /** @description Stock held for a cart or order until it expires */
        InventoryReservationInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** @description The cart or order the hold is for, as sent */
            reference: string;
            /** @enum {string} */
            status: "held" | "converted" | "released" | "expired";
            ttlSeconds: number;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            expiresAt: string;
            /** @description Set when the hold became a sale */
            orderId: string | null;
            lines: components["schemas"]["StockLinePicksInput"][];
        };
        /** @description Returned goods put back on hand */
        InventoryReturn: {
            /** Format: uuid */
            storeId: string;
            /** @description The order id given with the sale */
            orderId: string;
            lines: {
                packageLabel: string;
                /** @description Where the goods went back to */
                locationCode: string;
                quantity: number;
            }[];
        };
        /** @description Returned goods put back on hand */
        InventoryReturnInput: {
            /** Format: uuid */
            storeId: string;
            /** @description The order id given with the sale */
            orderId: string;
            lines: {
                packageLabel: string;
                /** @description Where the goods went back to */
                locationCode: string;
                quantity: number;
            }[];
        };
        /** @description Stock taken for a sale without a hold */
        InventorySale: {
            /** Format: uuid */
            storeId: string;
            /** @description The order id given with the sale */
            orderId: string;
            lines: components["schemas"]["StockLinePicks"][];
        };
        /** @description Stock taken for a sale without a hold */
        InventorySaleInput: {
            /** Format: uuid */
            storeId: string;
            /** @description The order id given with the sale */
            orderId: string;
            lines: components["schemas"]["StockLinePicksInput"][];
        };
        /** @description Stock shipped from one store to another */
        InventoryTransfer: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            fromStoreId: string;
            /** Format: uuid */
            toStoreId: string;
            /** @enum {string} */
            status: "in_transit" | "received";
            note: string | null;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            shippedAt: string;
            /** @description The staff member (or API key) who shipped it */
            shippedBy: string | null;
            receivedAt: string | null;
            receivedBy: string | null;
            items: {
                packageLabel: string;
                /** Format: uuid */
                skuId: string;
                /**
                 * @description What the quantities count: units, or milligrams
                 * @enum {string}
                 */
                unit: "each" | "mg";
                /** @description Shipped */
                quantity: number;
                /** @description Null until received; less than shipped when short */
                receivedQuantity: number | null;
                /** @description Where it left the sending store */
                fromLocationCode: string;
                /** @description Where it went at the receiving store; null until received */
                toLocationCode: string | null;
            }[];
        };
        /** @description Stock shipped from one store to another */
        InventoryTransferInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            fromStoreId: string;
            /** Format: uuid */
            toStoreId: string;
            /** @enum {string} */
            status: "in_transit" | "received";
            note: string | null;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            shippedAt: string;
            /** @description The staff member (or API key) who shipped it */
            shippedBy: string | null;
            receivedAt: string | null;
            receivedBy: string | null;
            items: {
                packageLabel: string;
                /** Format: uuid */
                skuId: string;
                /**
                 * @description What the quantities count: units, or milligrams
                 * @enum {string}
                 */
                unit: "each" | "mg";
                /** @description Shipped */
                quantity: number;
                /** @description Null until received; less than shipped when short */
                receivedQuantity: number | null;
                /** @description Where it left the sending store */
                fromLocationCode: string;
                /** @description Where it went at the receiving store; null until received */
                toLocationCode: string | null;
            }[];
        };
        InventoryTransferSummary: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            fromStoreId: string;
            /** Format: uuid */
            toStoreId: string;
            /** @enum {string} */
            status: "in_transit" | "received";
            note: string | null;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            shippedAt: string;
            /** @description The staff member (or API key) who shipped it */
            shippedBy: string | null;
            receivedAt: string | null;
            receivedBy: string | null;
            /**
             * @description Seen from the store of the list
             * @enum {string}
             */
            direction: "outgoing" | "incoming";
            lines: number;
            /** @description Sum over the lines (units and milligrams added as they are) */
            shippedQuantity: number;
            receivedQuantity: number | null;
        };
        InventoryTransferSummaryInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            fromStoreId: string;
            /** Format: uuid */
            toStoreId: string;
            /** @enum {string} */
            status: "in_transit" | "received";
            note: string | null;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            shippedAt: string;
            /** @description The staff member (or API key) who shipped it */
            shippedBy: string | null;
            receivedAt: string | null;
            receivedBy: string | null;
            /**
             * @description Seen from the store of the list
             * @enum {string}
             */
            direction: "outgoing" | "incoming";
            lines: number;
            /** @description Sum over the lines (units and milligrams added as they are) */
            shippedQuantity: number;
            receivedQuantity: number | null;
        };
        JurisdictionSummary: {
            jurisdiction: string;
            name: string;
            version: string;
            timezone: string;
            currency: string;
            effective: {
                from: string;
                to: string | null;
            };
            sources: {
                id: string;
                title: string;
                where: string;
            }[];
            changeDates: string[];
            unsure: {
                id: string;
                note?: string;
            }[];
        };
        JurisdictionSummaryInput: {
            jurisdiction: string;
            name: string;
            version: string;
            timezone: string;
            currency: string;
            effective: {
                from: string;
                to: string | null;
            };
            sources: {
                id: string;
                title: string;
                where: string;
            }[];
            changeDates: string[];
            unsure: {
                id: string;
                note?: string;
            }[];
        };
        /** @description A certificate of analysis of a batch */
        LabResult: {
            /** Format: uuid */
            id: string;
            /**
             * @description failed when any contaminant panel failed
             * @enum {string}
             */
            status: "passed" | "failed";
            labName: string;
            labLicense: string | null;
            /**
             * Format: date
             * @description Calendar date (YYYY-MM-DD)
             */
            testedOn: string;
            certificateUrl: string | null;
            cannabinoids: {
                name: string;
                percent?: number;
                mgPerG?: number;
                mg?: number;
            }[];
            terpenes: {
                name: string;
                percent: number;
            }[];
            contaminants: {
                panel: string;
                /** @enum {string} */
                status: "pass" | "fail";
                detail?: string;
            }[];
        };
        /** @description A certificate of analysis of a batch */
        LabResultInput: {
            /** Format: uuid */
            id: string;
            /**
             * @description failed when any contaminant panel failed
             * @enum {string}
             */
            status: "passed" | "failed";
            labName: string;
            labLicense: string | null;
            /**
             * Format: date
             * @description Calendar date (YYYY-MM-DD)
             */
            testedOn: string;
            certificateUrl: string | null;
            cannabinoids: {
                name: string;
                percent?: number;
                mgPerG?: number;
                mg?: number;
            }[];
            terpenes: {
                name: string;
                percent: number;
            }[];
            contaminants: {
                panel: string;
                /** @enum {string} */
                status: "pass" | "fail";
                detail?: string;
            }[];
        };
        /** @description A customer’s points balance and tier */
        LoyaltyAccount: {
            /** Format: uuid */
            customerId: string;
            /** @description Points the customer may spend */
            balancePoints: number;
            /** @description Points earned and kept (the tier basis) */
            lifetimePoints: number;
            /** @description The tier reached; null without tiers or an active program */
            tier: {
                id: string;
                name: string;
                multiplier: number;
            } | null;
            /** @description The next tier up and the lifetime points still needed; null at the top or without an active program */
            nextTier: {
                id: string;
                name: string;
                pointsNeeded: number;
            } | null;
            programActive: boolean;
        };
        /** @description A customer’s points balance and tier */
        LoyaltyAccountInput: {
            /** Format: uuid */
            customerId: string;
            /** @description Points the customer may spend */
            balancePoints: number;
            /** @description Points earned and kept (the tier basis) */
            lifetimePoints: number;
            /** @description The tier reached; null without tiers or an active program */
            tier: {
                id: string;
                name: string;
                multiplier: number;
            } | null;
            /** @description The next tier up and the lifetime points still needed; null at the top or without an active program */
            nextTier: {
                id: string;
                name: string;
                pointsNeeded: number;
            } | null;
            programActive: boolean;
        };
        /** @description A customer’s points balance, tier and ledger */
        LoyaltyAccountWithHistory: {
            /** Format: uuid */
            customerId: string;
            /** @description Points the customer may spend */
            balancePoints: number;
            /** @description Points earned and kept (the tier basis) */
            lifetimePoints: number;
            /** @description The tier reached; null without tiers or an active program */
            tier: {
                id: string;
                name: string;
                multiplier: number;
            } | null;
            /** @description The next tier up and the lifetime points still needed; null at the top or without an active program */
            nextTier: {
                id: string;
                name: string;
                pointsNeeded: number;
            } | null;
            programActive: boolean;
            /** @description Newest first; page with before=<id of the last entry> */
            history: components["schemas"]["LoyaltyEntry"][];
        };
        /** @description A customer’s points balance, tier and ledger */
        LoyaltyAccountWithHistoryInput: {
            /** Format: uuid */
            customerId: string;
            /** @description Points the customer may spend */
            balancePoints: number;
            /** @description Points earned and kept (the tier basis) */
            lifetimePoints: number;
            /** @description The tier reached; null without tiers or an active program */
            tier: {
                id: string;
                name: string;
                multiplier: number;
            } | null;
            /** @description The next tier up and the lifetime points still needed; null at the top or without an active program */
            nextTier: {
                id: string;
                name: string;
                pointsNeeded: number;
            } | null;
            programActive: boolean;
            /** @description Newest first; page with before=<id of the last entry> */
            history: components["schemas"]["LoyaltyEntryInput"][];
        };
        /** @description One entry of a customer’s points ledger */
        LoyaltyEntry: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "earn" | "redeem" | "reverse" | "adjust";
            /** @description Signed: what the entry did to the balance */
            points: number;
            balanceAfter: number;
            lifetimeAfter: number;
            orderId: string | null;
            /** @description For a redemption: the discount the points paid for */
            discountCents: number | null;
            /** @description For earn and redeem: how many of its points were reversed since (returns, voids) */
            reversedPoints: number;
            reversesEntryId: string | null;
            reason: string | null;
            actorId: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        /** @description One entry of a customer’s points ledger */
        LoyaltyEntryInput: {
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            kind: "earn" | "redeem" | "reverse" | "adjust";
            /** @description Signed: what the entry did to the balance */
            points: number;
            balanceAfter: number;
            lifetimeAfter: number;
            orderId: string | null;
            /** @description For a redemption: the discount the points paid for */
            discountCents: number | null;
            /** @description For earn and redeem: how many of its points were reversed since (returns, voids) */
            reversedPoints: number;
            reversesEntryId: string | null;
            reason: string | null;
            actorId: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        /** @description The organization’s loyalty program */
        LoyaltyProgram: {
            /** @description false: checkout neither earns nor redeems points */
            active: boolean;
            /** @description Goes up with every change */
            version: number;
            /** Format: date-time */
            updatedAt: string;
            program: components["schemas"]["LoyaltyProgramDefinition"];
        };
        /** @description The program as the engine runs it (earn rate, tiers, redemption), with defaults filled in */
        LoyaltyProgramDefinition: {
            earn: {
                pointsPerDollar: number;
                /**
                 * @default floor
                 * @enum {string}
                 */
                rounding: "floor" | "half_up" | "ceil";
                /** @default [] */
                excludedCategories: string[];
                /** @default false */
                excludeCannabis: boolean;
            };
            /** @default [] */
            tiers: {
                id: string;
                name: string;
                minLifetimePoints: number;
                multiplier: number;
            }[];
            redemption: {
                pointsPerBlock: number;
                centsPerBlock: number;
                /** @default 0 */
                minPoints: number;
                /** @default 100 */
                maxPercentOfOrder: number;
                /** @default true */
                allowOnCannabis: boolean;
            };
        };
        /** @description The program as the engine runs it (earn rate, tiers, redemption), with defaults filled in */
        LoyaltyProgramDefinitionInput: {
            earn: {
                pointsPerDollar: number;
                /**
                 * @default floor
                 * @enum {string}
                 */
                rounding: "floor" | "half_up" | "ceil";
                /** @default [] */
                excludedCategories: string[];
                /** @default false */
                excludeCannabis: boolean;
            };
            /** @default [] */
            tiers: {
                id: string;
                name: string;
                minLifetimePoints: number;
                multiplier: number;
            }[];
            redemption: {
                pointsPerBlock: number;
                centsPerBlock: number;
                /** @default 0 */
                minPoints: number;
                /** @default 100 */
                maxPercentOfOrder: number;
                /** @default true */
                allowOnCannabis: boolean;
            };
        };
        /** @description The organization’s loyalty program */
        LoyaltyProgramInput: {
            /** @description false: checkout neither earns nor redeems points */
            active: boolean;
            /** @description Goes up with every change */
            version: number;
            /** Format: date-time */
            updatedAt: string;
            program: components["schemas"]["LoyaltyProgramDefinitionInput"];
        };
        MedicalLimitAllowance: {
            /** @description Id of a medical limit its jurisdiction pack marks patient-adjustable, e.g. "us-nj.limit.med-30-days" (GET /v1/rules/jurisdictions lists the packs). */
            limit: string;
            /** @description The patient’s own maximum for that limit, in the limit’s unit (mg, mg_thc or units) and window. */
            max: number;
            /**
             * @description What the practitioner issued: a recommendation, a waiver, a certification, or another practitioner order.
             * @enum {string}
             */
            documentedBy: "recommendation" | "waiver" | "certification" | "practitioner";
            /**
             * Format: date
             * @description Last store-local day the allowance applies; from the next day the pack maximum applies again.
             */
            expiresOn: string;
        };
        MedicalLimitAllowanceInput: {
            /** @description Id of a medical limit its jurisdiction pack marks patient-adjustable, e.g. "us-nj.limit.med-30-days" (GET /v1/rules/jurisdictions lists the packs). */
            limit: string;
            /** @description The patient’s own maximum for that limit, in the limit’s unit (mg, mg_thc or units) and window. */
            max: number;
            /**
             * @description What the practitioner issued: a recommendation, a waiver, a certification, or another practitioner order.
             * @enum {string}
             */
            documentedBy: "recommendation" | "waiver" | "certification" | "practitioner";
            /**
             * Format: date
             * @description Last store-local day the allowance applies; from the next day the pack maximum applies again.
             */
            expiresOn: string;
        };
        Order: {
            /** Format: uuid */
            id: string;
            number: string;
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            channel: "in_store" | "pickup" | "delivery";
            status: string;
            cartId: string | null;
            customer: {
                id: string | null;
                /** @enum {string} */
                kind: "adult_use" | "medical";
            } & {
                [key: string]: unknown;
            };
            subtotalCents: number;
            discountCents: number;
            taxCents: number;
            totalCents: number;
            refundedCents: number;
            taxes: ({
                code: string;
                label: string;
                amountCents: number;
                includedInPrice: boolean;
            } & {
                [key: string]: unknown;
            })[];
            /** @description Pickup or delivery details of an online order */
            fulfillment: {
                [key: string]: unknown;
            } | null;
            /** @description Why the order was cancelled, not delivered, … */
            statusReason: string | null;
            /** @description The ID check linked at hand-over */
            idVerificationId: string | null;
            placedAt: string;
            completedAt: string | null;
            lines: ({
                /** Format: uuid */
                id: string;
                lineNo: number;
                /** Format: uuid */
                skuId: string;
                skuCode: string;
                title: string;
                /** @enum {string} */
                unit: "each" | "mg";
                quantity: number;
                unitPriceCents: number;
                grossCents: number;
                discountCents: number;
                totalCents: number;
                taxCents: number;
                taxes: ({
                    code: string;
                    label: string;
                    amountCents: number;
                    includedInPrice: boolean;
                } & {
                    [key: string]: unknown;
                })[];
                picks: ({
                    packageLabel: string;
                    quantity: number;
                    unit: string;
                } & {
                    [key: string]: unknown;
                })[];
                /** @description Package labels scanned while picking an online order (POST /v1/orders/{id}/picks) */
                pickedLabels: string[];
                returnedQuantity: number;
            } & {
                [key: string]: unknown;
            })[];
        } & {
            [key: string]: unknown;
        };
        OrderInput: {
            /** Format: uuid */
            id: string;
            number: string;
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            channel: "in_store" | "pickup" | "delivery";
            status: string;
            cartId: string | null;
            customer: {
                id: string | null;
                /** @enum {string} */
                kind: "adult_use" | "medical";
            } & {
                [key: string]: unknown;
            };
            subtotalCents: number;
            discountCents: number;
            taxCents: number;
            totalCents: number;
            refundedCents: number;
            taxes: ({
                code: string;
                label: string;
                amountCents: number;
                includedInPrice: boolean;
            } & {
                [key: string]: unknown;
            })[];
            /** @description Pickup or delivery details of an online order */
            fulfillment: {
                [key: string]: unknown;
            } | null;
            /** @description Why the order was cancelled, not delivered, … */
            statusReason: string | null;
            /** @description The ID check linked at hand-over */
            idVerificationId: string | null;
            placedAt: string;
            completedAt: string | null;
            lines: ({
                /** Format: uuid */
                id: string;
                lineNo: number;
                /** Format: uuid */
                skuId: string;
                skuCode: string;
                title: string;
                /** @enum {string} */
                unit: "each" | "mg";
                quantity: number;
                unitPriceCents: number;
                grossCents: number;
                discountCents: number;
                totalCents: number;
                taxCents: number;
                taxes: ({
                    code: string;
                    label: string;
                    amountCents: number;
                    includedInPrice: boolean;
                } & {
                    [key: string]: unknown;
                })[];
                picks: ({
                    packageLabel: string;
                    quantity: number;
                    unit: string;
                } & {
                    [key: string]: unknown;
                })[];
                /** @description Package labels scanned while picking an online order (POST /v1/orders/{id}/picks) */
                pickedLabels: string[];
                returnedQuantity: number;
            } & {
                [key: string]: unknown;
            })[];
        } & {
            [key: string]: unknown;
        };
        OrderReturn: {
            /** Format: uuid */
            returnId: string;
            /** Format: uuid */
            orderId: string;
            /** @enum {string} */
            kind: "return" | "void";
            refundCents: number;
            taxRefundCents: number;
            /** @enum {string} */
            refundTo: "original" | "store_credit";
            lines: ({
                lineNo: number;
                quantity: number;
                restock: string;
                refundCents: number;
                taxRefundCents: number;
            } & {
                [key: string]: unknown;
            })[];
            refunds: ({
                /** Format: uuid */
                paymentId: string;
                amountCents: number;
            } & {
                [key: string]: unknown;
            })[];
            loyalty?: {
                pointsReturned: number;
                pointsClawedBack: number;
                shortfall: number;
            };
            cashRefundCents?: number;
        };
        OrderReturnInput: {
            /** Format: uuid */
            returnId: string;
            /** Format: uuid */
            orderId: string;
            /** @enum {string} */
            kind: "return" | "void";
            refundCents: number;
            taxRefundCents: number;
            /** @enum {string} */
            refundTo: "original" | "store_credit";
            lines: ({
                lineNo: number;
                quantity: number;
                restock: string;
                refundCents: number;
                taxRefundCents: number;
            } & {
                [key: string]: unknown;
            })[];
            refunds: ({
                /** Format: uuid */
                paymentId: string;
                amountCents: number;
            } & {
                [key: string]: unknown;
            })[];
            loyalty?: {
                pointsReturned: number;
                pointsClawedBack: number;
                shortfall: number;
            };
            cashRefundCents?: number;
        };
        OrderSummary: {
            /** Format: uuid */
            id: string;
            number: string;
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            channel: "in_store" | "pickup" | "delivery";
            status: string;
            cartId: string | null;
            customer: {
                id: string | null;
                /** @enum {string} */
                kind: "adult_use" | "medical";
            } & {
                [key: string]: unknown;
            };
            subtotalCents: number;
            discountCents: number;
            taxCents: number;
            totalCents: number;
            refundedCents: number;
            taxes: ({
                code: string;
                label: string;
                amountCents: number;
                includedInPrice: boolean;
            } & {
                [key: string]: unknown;
            })[];
            /** @description Pickup or delivery details of an online order */
            fulfillment: {
                [key: string]: unknown;
            } | null;
            /** @description Why the order was cancelled, not delivered, … */
            statusReason: string | null;
            /** @description The ID check linked at hand-over */
            idVerificationId: string | null;
            placedAt: string;
            completedAt: string | null;
        } & {
            [key: string]: unknown;
        };
        OrderSummaryInput: {
            /** Format: uuid */
            id: string;
            number: string;
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            channel: "in_store" | "pickup" | "delivery";
            status: string;
            cartId: string | null;
            customer: {
                id: string | null;
                /** @enum {string} */
                kind: "adult_use" | "medical";
            } & {
                [key: string]: unknown;
            };
            subtotalCents: number;
            discountCents: number;
            taxCents: number;
            totalCents: number;
            refundedCents: number;
            taxes: ({
                code: string;
                label: string;
                amountCents: number;
                includedInPrice: boolean;
            } & {
                [key: string]: unknown;
            })[];
            /** @description Pickup or delivery details of an online order */
            fulfillment: {
                [key: string]: unknown;
            } | null;
            /** @description Why the order was cancelled, not delivered, … */
            statusReason: string | null;
            /** @description The ID check linked at hand-over */
            idVerificationId: string | null;
            placedAt: string;
            completedAt: string | null;
        } & {
            [key: string]: unknown;
        };
        OrderTender: {
            /** Format: uuid */
            id: string;
            /**
             * @description The tender it was paid with; a refund to the original tender goes back there
             * @enum {string}
             */
            kind: "cash" | "terminal" | "gift_card" | "store_credit" | "simulator";
            /** @enum {string} */
            status: "captured" | "partially_refunded" | "refunded";
            amountCents: number;
            /** @description Refunded so far, as recorded (a refund that failed and awaits follow-up is not in it) */
            refundedCents: number;
            refundableCents: number;
            /** @description Cash handed over (cash tenders) */
            tenderedCents: number | null;
            changeCents: number;
            /** @description The card terminal’s approval reference or the processor’s reference; null for cash, gift cards and store credit */
            reference: string | null;
            /** @description Last four digits of the card or the gift card, when known; never more */
            last4: string | null;
            paidAt: string;
        };
        OrderTenderInput: {
            /** Format: uuid */
            id: string;
            /**
             * @description The tender it was paid with; a refund to the original tender goes back there
             * @enum {string}
             */
            kind: "cash" | "terminal" | "gift_card" | "store_credit" | "simulator";
            /** @enum {string} */
            status: "captured" | "partially_refunded" | "refunded";
            amountCents: number;
            /** @description Refunded so far, as recorded (a refund that failed and awaits follow-up is not in it) */
            refundedCents: number;
            refundableCents: number;
            /** @description Cash handed over (cash tenders) */
            tenderedCents: number | null;
            changeCents: number;
            /** @description The card terminal’s approval reference or the processor’s reference; null for cash, gift cards and store credit */
            reference: string | null;
            /** @description Last four digits of the card or the gift card, when known; never more */
            last4: string | null;
            paidAt: string;
        };
        /** @description A cart set aside on a register */
        ParkedCart: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            registerId: string;
            /** Format: uuid */
            storeId: string;
            label: string;
            /** @enum {string} */
            status: "parked" | "resumed" | "discarded";
            parkedBy: string | null;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            parkedAt: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            expiresAt: string;
            resumedBy: string | null;
            resumedAt: string | null;
            /** @description The register’s own JSON, as parked; only in the answer to resume */
            payload?: unknown;
        };
        /** @description A cart set aside on a register */
        ParkedCartInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            registerId: string;
            /** Format: uuid */
            storeId: string;
            label: string;
            /** @enum {string} */
            status: "parked" | "resumed" | "discarded";
            parkedBy: string | null;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            parkedAt: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            expiresAt: string;
            resumedBy: string | null;
            resumedAt: string | null;
            /** @description The register’s own JSON, as parked; only in the answer to resume */
            payload?: unknown;
        };
        PosQuote: {
            lines: ({
                lineNo: number;
                /** Format: uuid */
                skuId: string;
                skuCode: string;
                title: string;
                quantity: number;
                unitPriceCents: number;
                discountCents: number;
                totalCents: number;
                taxCents: number;
            } & {
                [key: string]: unknown;
            })[];
            allowed: boolean;
            violations: ({
                code: string;
                message: string;
            } & {
                [key: string]: unknown;
            })[];
            limits: ({
                id: string;
                label: string;
                used: number;
                max: number;
                remaining: number;
                unit: string;
            } & {
                [key: string]: unknown;
            })[];
            taxes: {
                code: string;
                label: string;
                amountCents: number;
                includedInPrice: boolean;
            }[];
            totals: {
                subtotalCents: number;
                discountCents: number;
                taxCents: number;
                totalCents: number;
            };
            promotions: {
                applied: {
                    promotionId: string;
                    name: string;
                    label: string;
                    code?: string;
                    amountCents: number;
                }[];
                rejected: {
                    promotionId?: string;
                    code?: string;
                    reason: string;
                    condition?: string;
                    lineIds?: string[];
                    blockedBy?: string;
                }[];
            };
            /** @description The points redemption asked for with loyaltyPoints, as the sale would make it; null when none was asked */
            loyalty: {
                pointsOffered: number;
                /** @description What the program lets this basket spend of the points offered (whole blocks, within its caps) */
                pointsRedeemed: number;
                discountCents: number;
                /** @description What bounded the redemption (the points offered, a cap, the basket) */
                limitedBy: string;
            } | null;
        };
        PosQuoteInput: {
            lines: ({
                lineNo: number;
                /** Format: uuid */
                skuId: string;
                skuCode: string;
                title: string;
                quantity: number;
                unitPriceCents: number;
                discountCents: number;
                totalCents: number;
                taxCents: number;
            } & {
                [key: string]: unknown;
            })[];
            allowed: boolean;
            violations: ({
                code: string;
                message: string;
            } & {
                [key: string]: unknown;
            })[];
            limits: ({
                id: string;
                label: string;
                used: number;
                max: number;
                remaining: number;
                unit: string;
            } & {
                [key: string]: unknown;
            })[];
            taxes: {
                code: string;
                label: string;
                amountCents: number;
                includedInPrice: boolean;
            }[];
            totals: {
                subtotalCents: number;
                discountCents: number;
                taxCents: number;
                totalCents: number;
            };
            promotions: {
                applied: {
                    promotionId: string;
                    name: string;
                    label: string;
                    code?: string;
                    amountCents: number;
                }[];
                rejected: {
                    promotionId?: string;
                    code?: string;
                    reason: string;
                    condition?: string;
                    lineIds?: string[];
                    blockedBy?: string;
                }[];
            };
            /** @description The points redemption asked for with loyaltyPoints, as the sale would make it; null when none was asked */
            loyalty: {
                pointsOffered: number;
                /** @description What the program lets this basket spend of the points offered (whole blocks, within its caps) */
                pointsRedeemed: number;
                discountCents: number;
                /** @description What bounded the redemption (the points offered, a cap, the basket) */
                limitedBy: string;
            } | null;
        };
        Product: {
            /** Format: uuid */
            id: string;
            brandId: string | null;
            brandName: string | null;
            title: string;
            slug: string;
            description: string;
            /** @enum {string} */
            category: "flower" | "pre_roll" | "infused_pre_roll" | "vape" | "concentrate" | "edible" | "beverage" | "tincture" | "capsule" | "topical" | "seed" | "plant" | "accessory";
            strainType: ("indica" | "sativa" | "hybrid" | "cbd") | null;
            strainName: string | null;
            effects: string[];
            terpenes: {
                name: string;
                percent?: number;
            }[];
            images: {
                url: string;
                alt?: string;
            }[];
            seo: {
                title: string;
                description: string;
                canonicalSlug: string;
            };
            /** @enum {string} */
            status: "active" | "archived";
            createdAt: string;
            updatedAt: string;
            skus: components["schemas"]["Sku"][];
        };
        ProductInput: {
            /** Format: uuid */
            id: string;
            brandId: string | null;
            brandName: string | null;
            title: string;
            slug: string;
            description: string;
            /** @enum {string} */
            category: "flower" | "pre_roll" | "infused_pre_roll" | "vape" | "concentrate" | "edible" | "beverage" | "tincture" | "capsule" | "topical" | "seed" | "plant" | "accessory";
            strainType: ("indica" | "sativa" | "hybrid" | "cbd") | null;
            strainName: string | null;
            effects: string[];
            terpenes: {
                name: string;
                percent?: number;
            }[];
            images: {
                url: string;
                alt?: string;
            }[];
            seo: {
                title: string;
                description: string;
                canonicalSlug: string;
            };
            /** @enum {string} */
            status: "active" | "archived";
            createdAt: string;
            updatedAt: string;
            skus: components["schemas"]["SkuInput"][];
        };
        /** @description A stored promotion or coupon: the engine’s definition plus where and how often it may be used */
        Promotion: {
            /** Format: uuid */
            id: string;
            /** @description Only at this store; null: every store of the organization */
            storeId: string | null;
            /** @description Uses across all customers, counted at order completion; null: no limit */
            maxUses: number | null;
            maxUsesPerCustomer: number | null;
            /** @description Uses so far (completed orders) */
            uses: number;
            /** @description Goes up with every replace; send it back as ifVersion */
            version: number;
            archived: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            promotion: components["schemas"]["PromotionDefinition"];
        };
        /** @description The promotion as the engine runs it (conditions, action, codes, dates, stacking), with defaults filled in */
        PromotionDefinition: {
            id: string;
            name: string;
            receiptLabel?: string;
            /** @default true */
            active: boolean;
            /** @default [] */
            codes: string[];
            startsAt?: string;
            endsAt?: string;
            /** @default 100 */
            priority: number;
            /**
             * @default stackable
             * @enum {string}
             */
            stacking: "stackable" | "exclusive";
            /** @default false */
            loyalty: boolean;
            maxDiscountCents?: number;
            /** @default [] */
            conditions: ({
                /** @constant */
                type: "min_subtotal";
                cents: number;
                filter?: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
            } | {
                /** @constant */
                type: "items";
                filter: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
                /** @default 1 */
                minQuantity: number;
            } | {
                /** @constant */
                type: "customer_group";
                groups: string[];
            } | {
                /** @constant */
                type: "loyalty_tier";
                tiers: string[];
            } | {
                /** @constant */
                type: "day_of_week";
                days: ("sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat")[];
            } | {
                /** @constant */
                type: "time_window";
                start: string;
                end: string;
                days?: ("sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat")[];
            } | {
                /** @constant */
                type: "first_purchase";
            } | {
                /** @constant */
                type: "channel";
                channels: ("in_store" | "pickup" | "delivery")[];
            })[];
            action: {
                /** @constant */
                type: "percent_off_items";
                percent: number;
                filter: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
            } | {
                /** @constant */
                type: "fixed_off_items";
                amountCents: number;
                /**
                 * @default unit
                 * @enum {string}
                 */
                per: "unit" | "line";
                filter: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
            } | {
                /** @constant */
                type: "percent_off_order";
                percent: number;
                filter?: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
            } | {
                /** @constant */
                type: "fixed_off_order";
                amountCents: number;
                filter?: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
            } | {
                /** @constant */
                type: "bundle_price";
                filter: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
                quantity: number;
                priceCents: number;
                maxApplications?: number;
            } | {
                /** @constant */
                type: "buy_x_get_y";
                buy: {
                    filter: {
                        skus?: string[];
                        productIds?: string[];
                        categories?: string[];
                        brands?: string[];
                        cannabis?: boolean;
                    };
                    quantity: number;
                };
                get: {
                    filter?: {
                        skus?: string[];
                        productIds?: string[];
                        categories?: string[];
                        brands?: string[];
                        cannabis?: boolean;
                    };
                    quantity: number;
                    /** @default 100 */
                    percent: number;
                };
                maxApplications?: number;
            } | {
                /** @constant */
                type: "tiered";
                /** @enum {string} */
                basis: "subtotal" | "quantity";
                filter?: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
                tiers: {
                    min: number;
                    percent?: number;
                    amountCents?: number;
                }[];
            };
        };
        /** @description The promotion as the engine runs it (conditions, action, codes, dates, stacking), with defaults filled in */
        PromotionDefinitionInput: {
            id: string;
            name: string;
            receiptLabel?: string;
            /** @default true */
            active: boolean;
            /** @default [] */
            codes: string[];
            startsAt?: string;
            endsAt?: string;
            /** @default 100 */
            priority: number;
            /**
             * @default stackable
             * @enum {string}
             */
            stacking: "stackable" | "exclusive";
            /** @default false */
            loyalty: boolean;
            maxDiscountCents?: number;
            /** @default [] */
            conditions: ({
                /** @constant */
                type: "min_subtotal";
                cents: number;
                filter?: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
            } | {
                /** @constant */
                type: "items";
                filter: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
                /** @default 1 */
                minQuantity: number;
            } | {
                /** @constant */
                type: "customer_group";
                groups: string[];
            } | {
                /** @constant */
                type: "loyalty_tier";
                tiers: string[];
            } | {
                /** @constant */
                type: "day_of_week";
                days: ("sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat")[];
            } | {
                /** @constant */
                type: "time_window";
                start: string;
                end: string;
                days?: ("sun" | "mon" | "tue" | "wed" | "thu" | "fri" | "sat")[];
            } | {
                /** @constant */
                type: "first_purchase";
            } | {
                /** @constant */
                type: "channel";
                channels: ("in_store" | "pickup" | "delivery")[];
            })[];
            action: {
                /** @constant */
                type: "percent_off_items";
                percent: number;
                filter: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
            } | {
                /** @constant */
                type: "fixed_off_items";
                amountCents: number;
                /**
                 * @default unit
                 * @enum {string}
                 */
                per: "unit" | "line";
                filter: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
            } | {
                /** @constant */
                type: "percent_off_order";
                percent: number;
                filter?: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
            } | {
                /** @constant */
                type: "fixed_off_order";
                amountCents: number;
                filter?: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
            } | {
                /** @constant */
                type: "bundle_price";
                filter: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
                quantity: number;
                priceCents: number;
                maxApplications?: number;
            } | {
                /** @constant */
                type: "buy_x_get_y";
                buy: {
                    filter: {
                        skus?: string[];
                        productIds?: string[];
                        categories?: string[];
                        brands?: string[];
                        cannabis?: boolean;
                    };
                    quantity: number;
                };
                get: {
                    filter?: {
                        skus?: string[];
                        productIds?: string[];
                        categories?: string[];
                        brands?: string[];
                        cannabis?: boolean;
                    };
                    quantity: number;
                    /** @default 100 */
                    percent: number;
                };
                maxApplications?: number;
            } | {
                /** @constant */
                type: "tiered";
                /** @enum {string} */
                basis: "subtotal" | "quantity";
                filter?: {
                    skus?: string[];
                    productIds?: string[];
                    categories?: string[];
                    brands?: string[];
                    cannabis?: boolean;
                };
                tiers: {
                    min: number;
                    percent?: number;
                    amountCents?: number;
                }[];
            };
        };
        /** @description A stored promotion or coupon: the engine’s definition plus where and how often it may be used */
        PromotionInput: {
            /** Format: uuid */
            id: string;
            /** @description Only at this store; null: every store of the organization */
            storeId: string | null;
            /** @description Uses across all customers, counted at order completion; null: no limit */
            maxUses: number | null;
            maxUsesPerCustomer: number | null;
            /** @description Uses so far (completed orders) */
            uses: number;
            /** @description Goes up with every replace; send it back as ifVersion */
            version: number;
            archived: boolean;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            promotion: components["schemas"]["PromotionDefinitionInput"];
        };
        /** @description What the lines would get from the store’s promotions and the given coupons */
        PromotionPreview: {
            /** @description Same order as the request lines */
            lines: {
                /** @description As sent, or the line’s position from 1 */
                lineId: string;
                grossCents: number;
                discountCents: number;
                netCents: number;
                appliedPromotionIds: string[];
                discounts: {
                    promotionId: string;
                    amountCents: number;
                }[];
            }[];
            /** @description The part of the discount that came from order-level actions (already inside line discounts) */
            orderDiscountCents: number;
            /** @description In application order */
            applied: {
                promotionId: string;
                name: string;
                receiptLabel: string;
                /** @description The coupon code as entered */
                code?: string;
                amountCents: number;
                /**
                 * @description order: spread over lines by largest remainder; line: on lines directly
                 * @enum {string}
                 */
                scope: "line" | "order";
                loyalty: boolean;
                /** @description The compliance guard reduced this promotion */
                cappedByGuard: boolean;
                lineIds: string[];
                allocations: {
                    lineId: string;
                    amountCents: number;
                }[];
            }[];
            rejected: {
                /** @description Absent only for COUPON_UNKNOWN */
                promotionId?: string;
                code?: string;
                /** @enum {string} */
                reason: "COUPON_UNKNOWN" | "COUPON_EXPIRED" | "COUPON_NOT_YET_VALID" | "COUPON_INACTIVE" | "CONDITION_NOT_MET" | "NOT_STACKABLE" | "COMPLIANCE_GUARD" | "NO_DISCOUNT";
                /**
                 * @description For CONDITION_NOT_MET: the first condition that failed
                 * @enum {string}
                 */
                condition?: "min_subtotal" | "items" | "customer_group" | "loyalty_tier" | "day_of_week" | "time_window" | "first_purchase" | "channel";
                /** @description For COMPLIANCE_GUARD: the lines that would have broken the rule */
                lineIds?: string[];
                /** @description For NOT_STACKABLE: the exclusive promotion (or "stack") that won */
                blockedBy?: string;
            }[];
            totals: {
                subtotalCents: number;
                discountCents: number;
                totalCents: number;
            };
            /**
             * Format: date-time
             * @description The instant priced at (as sent, or now)
             */
            at: string;
            /** @description The jurisdiction rules that limited discounting at this store, with their sources */
            guard: {
                rules: {
                    id: string;
                    refs: string[];
                    title: string;
                }[];
            };
            /** @description Usage of the applied promotions */
            usage: {
                /** Format: uuid */
                promotionId: string;
                uses: number;
                maxUses: number | null;
            }[];
        };
        /** @description What the lines would get from the store’s promotions and the given coupons */
        PromotionPreviewInput: {
            /** @description Same order as the request lines */
            lines: {
                /** @description As sent, or the line’s position from 1 */
                lineId: string;
                grossCents: number;
                discountCents: number;
                netCents: number;
                appliedPromotionIds: string[];
                discounts: {
                    promotionId: string;
                    amountCents: number;
                }[];
            }[];
            /** @description The part of the discount that came from order-level actions (already inside line discounts) */
            orderDiscountCents: number;
            /** @description In application order */
            applied: {
                promotionId: string;
                name: string;
                receiptLabel: string;
                /** @description The coupon code as entered */
                code?: string;
                amountCents: number;
                /**
                 * @description order: spread over lines by largest remainder; line: on lines directly
                 * @enum {string}
                 */
                scope: "line" | "order";
                loyalty: boolean;
                /** @description The compliance guard reduced this promotion */
                cappedByGuard: boolean;
                lineIds: string[];
                allocations: {
                    lineId: string;
                    amountCents: number;
                }[];
            }[];
            rejected: {
                /** @description Absent only for COUPON_UNKNOWN */
                promotionId?: string;
                code?: string;
                /** @enum {string} */
                reason: "COUPON_UNKNOWN" | "COUPON_EXPIRED" | "COUPON_NOT_YET_VALID" | "COUPON_INACTIVE" | "CONDITION_NOT_MET" | "NOT_STACKABLE" | "COMPLIANCE_GUARD" | "NO_DISCOUNT";
                /**
                 * @description For CONDITION_NOT_MET: the first condition that failed
                 * @enum {string}
                 */
                condition?: "min_subtotal" | "items" | "customer_group" | "loyalty_tier" | "day_of_week" | "time_window" | "first_purchase" | "channel";
                /** @description For COMPLIANCE_GUARD: the lines that would have broken the rule */
                lineIds?: string[];
                /** @description For NOT_STACKABLE: the exclusive promotion (or "stack") that won */
                blockedBy?: string;
            }[];
            totals: {
                subtotalCents: number;
                discountCents: number;
                totalCents: number;
            };
            /**
             * Format: date-time
             * @description The instant priced at (as sent, or now)
             */
            at: string;
            /** @description The jurisdiction rules that limited discounting at this store, with their sources */
            guard: {
                rules: {
                    id: string;
                    refs: string[];
                    title: string;
                }[];
            };
            /** @description Usage of the applied promotions */
            usage: {
                /** Format: uuid */
                promotionId: string;
                uses: number;
                maxUses: number | null;
            }[];
        };
        /** @description What a shopper can buy of a SKU at a store now */
        PublicSkuAvailability: {
            /** Format: uuid */
            skuId: string;
            /** @description What can be bought now (reservations counted) */
            available: number;
            inStock: boolean;
            /** @description The batch the next buyer gets, with its lab profile */
            nextBatch: {
                code: string;
                /**
                 * @description The latest lab result of the batch; failed stock cannot be sold
                 * @enum {string}
                 */
                labStatus: "pending" | "passed" | "failed";
                testedOn: string | null;
                labName: string | null;
                certificateUrl: string | null;
                cannabinoids: {
                    name: string;
                    percent?: number;
                    mgPerG?: number;
                    mg?: number;
                }[];
                terpenes: {
                    name: string;
                    percent: number;
                }[];
            } | null;
            nextExpiresOn: string | null;
        };
        /** @description What a shopper can buy of a SKU at a store now */
        PublicSkuAvailabilityInput: {
            /** Format: uuid */
            skuId: string;
            /** @description What can be bought now (reservations counted) */
            available: number;
            inStock: boolean;
            /** @description The batch the next buyer gets, with its lab profile */
            nextBatch: {
                code: string;
                /**
                 * @description The latest lab result of the batch; failed stock cannot be sold
                 * @enum {string}
                 */
                labStatus: "pending" | "passed" | "failed";
                testedOn: string | null;
                labName: string | null;
                certificateUrl: string | null;
                cannabinoids: {
                    name: string;
                    percent?: number;
                    mgPerG?: number;
                    mg?: number;
                }[];
                terpenes: {
                    name: string;
                    percent: number;
                }[];
            } | null;
            nextExpiresOn: string | null;
        };
        /** @description A customer in the check-in queue */
        QueueEntry: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            source: "walk_in" | "online_pickup";
            customerId: string | null;
            customerName: string | null;
            /** @description The online order being picked up */
            orderId: string | null;
            idChecked: boolean;
            idCheckedBy: string | null;
            /** @enum {string} */
            status: "waiting" | "serving" | "done" | "left";
            /** @description The budtender serving the customer (staff id) */
            budtenderId: string | null;
            note: string | null;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            checkedInAt: string;
            servingAt: string | null;
            finishedAt: string | null;
            /** @description Check-in until served (or until now while waiting, or until they left), at the time of the answer */
            waitSeconds: number;
            /** @description Served until done; null until then */
            serviceSeconds: number | null;
        };
        /** @description A customer in the check-in queue */
        QueueEntryInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            source: "walk_in" | "online_pickup";
            customerId: string | null;
            customerName: string | null;
            /** @description The online order being picked up */
            orderId: string | null;
            idChecked: boolean;
            idCheckedBy: string | null;
            /** @enum {string} */
            status: "waiting" | "serving" | "done" | "left";
            /** @description The budtender serving the customer (staff id) */
            budtenderId: string | null;
            note: string | null;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            checkedInAt: string;
            servingAt: string | null;
            finishedAt: string | null;
            /** @description Check-in until served (or until now while waiting, or until they left), at the time of the answer */
            waitSeconds: number;
            /** @description Served until done; null until then */
            serviceSeconds: number | null;
        };
        /** @description For a batch, package or producer: the packages, where their stock is, and who bought from them */
        RecallTrace: {
            scope: {
                /** @enum {string} */
                type: "batch" | "package" | "producer";
                /** @description Batch id, package label or producer license */
                value: string;
            };
            packages: {
                /** Format: uuid */
                packageId: string;
                label: string;
                /** Format: uuid */
                skuId: string;
                batchCode: string | null;
                producerLicense: string | null;
                /** @enum {string} */
                status: "active" | "on_hold" | "recalled" | "quarantined" | "expired" | "finished";
                /**
                 * @description each: counted in units; mg: counted in milligrams
                 * @enum {string}
                 */
                unit: "each" | "mg";
            }[];
            /** @description Stock on hand, per package and location */
            stock: {
                packageLabel: string;
                /** Format: uuid */
                storeId: string;
                locationCode: string;
                onHand: number;
                reserved: number;
            }[];
            /** @description Every sale from the packages, oldest first */
            sales: {
                orderId: string | null;
                customerId: string | null;
                channel: string | null;
                /**
                 * Format: date-time
                 * @description ISO-8601 instant (UTC)
                 */
                soldAt: string;
                /** Format: uuid */
                storeId: string;
                packageLabel: string;
                /** Format: uuid */
                skuId: string;
                quantity: number;
                /**
                 * @description each: counted in units; mg: counted in milligrams
                 * @enum {string}
                 */
                unit: "each" | "mg";
                /** @description The ledger row of the sale */
                movementId: number;
            }[];
            totals: {
                packages: number;
                onHand: number;
                sold: number;
                orders: number;
                /** @description Distinct known customers */
                customers: number;
            };
        };
        /** @description For a batch, package or producer: the packages, where their stock is, and who bought from them */
        RecallTraceInput: {
            scope: {
                /** @enum {string} */
                type: "batch" | "package" | "producer";
                /** @description Batch id, package label or producer license */
                value: string;
            };
            packages: {
                /** Format: uuid */
                packageId: string;
                label: string;
                /** Format: uuid */
                skuId: string;
                batchCode: string | null;
                producerLicense: string | null;
                /** @enum {string} */
                status: "active" | "on_hold" | "recalled" | "quarantined" | "expired" | "finished";
                /**
                 * @description each: counted in units; mg: counted in milligrams
                 * @enum {string}
                 */
                unit: "each" | "mg";
            }[];
            /** @description Stock on hand, per package and location */
            stock: {
                packageLabel: string;
                /** Format: uuid */
                storeId: string;
                locationCode: string;
                onHand: number;
                reserved: number;
            }[];
            /** @description Every sale from the packages, oldest first */
            sales: {
                orderId: string | null;
                customerId: string | null;
                channel: string | null;
                /**
                 * Format: date-time
                 * @description ISO-8601 instant (UTC)
                 */
                soldAt: string;
                /** Format: uuid */
                storeId: string;
                packageLabel: string;
                /** Format: uuid */
                skuId: string;
                quantity: number;
                /**
                 * @description each: counted in units; mg: counted in milligrams
                 * @enum {string}
                 */
                unit: "each" | "mg";
                /** @description The ledger row of the sale */
                movementId: number;
            }[];
            totals: {
                packages: number;
                onHand: number;
                sold: number;
                orders: number;
                /** @description Distinct known customers */
                customers: number;
            };
        };
        /** @description A register (till) of a store */
        Register: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            name: string;
            /** @description A switched-off register cannot open a session */
            active: boolean;
        };
        /** @description A register (till) of a store */
        RegisterInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            name: string;
            /** @description A switched-off register cannot open a session */
            active: boolean;
        };
        /** @description A register (drawer) session: counted float, cash counters, close and review */
        RegisterSession: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** Format: uuid */
            registerId: string;
            /** @enum {string} */
            status: "open" | "closed";
            /** @description Acting staff member (actor id) */
            openedBy: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            openedAt: string;
            /** @description Counted opening float */
            floatCents: number;
            /** @description Cash taken for sales */
            cashSalesCents: number;
            /** @description Change handed back for sales */
            changeOutCents: number;
            cashRefundsCents: number;
            /** @description Cash dropped to the safe */
            dropsCents: number;
            paidInCents: number;
            paidOutCents: number;
            saleCount: number;
            /** @description Cash the drawer should hold: float + cash sales − change − cash refunds − drops − paid-outs + paid-ins. Omitted for staff without pos:manage while the session is open (a blind count). */
            expectedCents?: number;
            closedBy: string | null;
            closedAt: string | null;
            /** @description Counted drawer at close */
            countedCents: number | null;
            /** @description Counted − expected at close: positive over, negative short */
            overShortCents: number | null;
            closeNote: string | null;
            reviewedBy: string | null;
            reviewedAt: string | null;
            reviewNote: string | null;
        };
        /** @description A register (drawer) session: counted float, cash counters, close and review */
        RegisterSessionInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** Format: uuid */
            registerId: string;
            /** @enum {string} */
            status: "open" | "closed";
            /** @description Acting staff member (actor id) */
            openedBy: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant (UTC)
             */
            openedAt: string;
            /** @description Counted opening float */
            floatCents: number;
            /** @description Cash taken for sales */
            cashSalesCents: number;
            /** @description Change handed back for sales */
            changeOutCents: number;
            cashRefundsCents: number;
            /** @description Cash dropped to the safe */
            dropsCents: number;
            paidInCents: number;
            paidOutCents: number;
            saleCount: number;
            /** @description Cash the drawer should hold: float + cash sales − change − cash refunds − drops − paid-outs + paid-ins. Omitted for staff without pos:manage while the session is open (a blind count). */
            expectedCents?: number;
            closedBy: string | null;
            closedAt: string | null;
            /** @description Counted drawer at close */
            countedCents: number | null;
            /** @description Counted − expected at close: positive over, negative short */
            overShortCents: number | null;
            closeNote: string | null;
            reviewedBy: string | null;
            reviewedAt: string | null;
            reviewNote: string | null;
        };
        /** @description A session’s cash movements and per-budtender totals */
        RegisterSessionReport: {
            session: components["schemas"]["RegisterSession"];
            /** @description Every cash movement of the session, oldest first */
            events: {
                /** Format: uuid */
                id: string;
                /** @enum {string} */
                kind: "open" | "cash_sale" | "cash_refund" | "drop" | "paid_in" | "paid_out" | "close" | "review";
                /** @description Cash in (sale, paid-in, float, count) or out (drop, paid-out, refund); 0 for a review */
                amountCents: number;
                /** @description Change handed back (cash sales) */
                changeOutCents: number;
                orderId: string | null;
                reason: string | null;
                /** @description Witness of a drop (staff id) */
                witnessId: string | null;
                actorId: string | null;
                /**
                 * Format: date-time
                 * @description ISO-8601 instant (UTC)
                 */
                at: string;
            }[];
            /** @description Per acting staff member: what they put through the drawer */
            byStaff: {
                actorId: string | null;
                /** @description Number of cash sales */
                cashSales: number;
                cashSalesCents: number;
                changeOutCents: number;
                /** @description Number of drops */
                drops: number;
                /** @description Number of paid-outs */
                paidOuts: number;
                /** @description Number of paid-ins */
                paidIns: number;
            }[];
        };
        /** @description A session’s cash movements and per-budtender totals */
        RegisterSessionReportInput: {
            session: components["schemas"]["RegisterSessionInput"];
            /** @description Every cash movement of the session, oldest first */
            events: {
                /** Format: uuid */
                id: string;
                /** @enum {string} */
                kind: "open" | "cash_sale" | "cash_refund" | "drop" | "paid_in" | "paid_out" | "close" | "review";
                /** @description Cash in (sale, paid-in, float, count) or out (drop, paid-out, refund); 0 for a review */
                amountCents: number;
                /** @description Change handed back (cash sales) */
                changeOutCents: number;
                orderId: string | null;
                reason: string | null;
                /** @description Witness of a drop (staff id) */
                witnessId: string | null;
                actorId: string | null;
                /**
                 * Format: date-time
                 * @description ISO-8601 instant (UTC)
                 */
                at: string;
            }[];
            /** @description Per acting staff member: what they put through the drawer */
            byStaff: {
                actorId: string | null;
                /** @description Number of cash sales */
                cashSales: number;
                cashSalesCents: number;
                changeOutCents: number;
                /** @description Number of drops */
                drops: number;
                /** @description Number of paid-outs */
                paidOuts: number;
                /** @description Number of paid-ins */
                paidIns: number;
            }[];
        };
        /** @description A register with its open session (null when closed) */
        RegisterWithSession: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            name: string;
            /** @description A switched-off register cannot open a session */
            active: boolean;
            openSession: {
                /** Format: uuid */
                id: string;
                /**
                 * Format: date-time
                 * @description ISO-8601 instant (UTC)
                 */
                openedAt: string;
                /** @description Acting staff member (actor id) */
                openedBy: string;
            } | null;
        };
        /** @description A register with its open session (null when closed) */
        RegisterWithSessionInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            name: string;
            /** @description A switched-off register cannot open a session */
            active: boolean;
            openSession: {
                /** Format: uuid */
                id: string;
                /**
                 * Format: date-time
                 * @description ISO-8601 instant (UTC)
                 */
                openedAt: string;
                /** @description Acting staff member (actor id) */
                openedBy: string;
            } | null;
        };
        /** @description The reorder point of a SKU at a store, evaluated now */
        ReorderPoint: {
            /** Format: uuid */
            storeId: string;
            /** Format: uuid */
            skuId: string;
            reorderAt: number;
            reorderQuantity: number;
            /** @description Available at the store now */
            available: number;
            /** @description available ≤ reorderAt (a low-stock alert is raised) */
            low: boolean;
        };
        /** @description The reorder point of a SKU at a store, evaluated now */
        ReorderPointInput: {
            /** Format: uuid */
            storeId: string;
            /** Format: uuid */
            skuId: string;
            reorderAt: number;
            reorderQuantity: number;
            /** @description Available at the store now */
            available: number;
            /** @description available ≤ reorderAt (a low-stock alert is raised) */
            low: boolean;
        };
        RuleOverride: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            valueId: string;
            value: {
                [key: string]: unknown;
            };
            reason: string;
            createdBy: string | null;
            createdAt: string;
            updatedAt: string;
        };
        RuleOverrideInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            valueId: string;
            value: {
                [key: string]: unknown;
            };
            reason: string;
            createdBy: string | null;
            createdAt: string;
            updatedAt: string;
        };
        SaleLoyalty: {
            /** @description Points the sale spent */
            pointsRedeemed: number;
            /** @description The discount those points paid for */
            discountCents: number;
            /** @description Points the sale earned (on the total after discounts) */
            pointsEarned: number;
        };
        SaleLoyaltyInput: {
            /** @description Points the sale spent */
            pointsRedeemed: number;
            /** @description The discount those points paid for */
            discountCents: number;
            /** @description Points the sale earned (on the total after discounts) */
            pointsEarned: number;
        };
        Sku: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            productId: string;
            code: string;
            registerName: string | null;
            barcode: string | null;
            sizeLabel: string;
            /** @enum {string} */
            unit: "each" | "weight";
            netWeightMg: number | null;
            packCount: number | null;
            thcMg: number | null;
            thcMgPerServing: number | null;
            thcPercent: number | null;
            cbdMg: number | null;
            cbdPercent: number | null;
            infused: boolean;
            medicalOnly: boolean;
            adultUseAllowed: boolean;
            restrictedJurisdictions: string[];
            attributes: ("perishable" | "contains_alcohol")[];
            /** @enum {string} */
            reviewStatus: "confirmed" | "needs_review" | "rejected";
            /** @enum {string} */
            status: "active" | "archived";
            prices: components["schemas"]["SkuPrice"][];
        };
        /** @description Sellable stock of a SKU at a store */
        SkuAvailability: {
            /** Format: uuid */
            skuId: string;
            /** @description On hand − reserved over sellable stock */
            available: number;
            onHand: number;
            reserved: number;
            /** @description The package a FIFO pick takes next, with its batch; null when nothing is available */
            next: {
                packageLabel: string;
                /**
                 * @description each: counted in units; mg: counted in milligrams
                 * @enum {string}
                 */
                unit: "each" | "mg";
                expiresOn: string | null;
                batch: components["schemas"]["BatchLabProfile"] | null;
            } | null;
            /** @description Packages with a stock row of the SKU at sellable locations (some may have nothing free) */
            packages: number;
        };
        /** @description Sellable stock of a SKU at a store */
        SkuAvailabilityInput: {
            /** Format: uuid */
            skuId: string;
            /** @description On hand − reserved over sellable stock */
            available: number;
            onHand: number;
            reserved: number;
            /** @description The package a FIFO pick takes next, with its batch; null when nothing is available */
            next: {
                packageLabel: string;
                /**
                 * @description each: counted in units; mg: counted in milligrams
                 * @enum {string}
                 */
                unit: "each" | "mg";
                expiresOn: string | null;
                batch: components["schemas"]["BatchLabProfileInput"] | null;
            } | null;
            /** @description Packages with a stock row of the SKU at sellable locations (some may have nothing free) */
            packages: number;
        };
        SkuInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            productId: string;
            code: string;
            registerName: string | null;
            barcode: string | null;
            sizeLabel: string;
            /** @enum {string} */
            unit: "each" | "weight";
            netWeightMg: number | null;
            packCount: number | null;
            thcMg: number | null;
            thcMgPerServing: number | null;
            thcPercent: number | null;
            cbdMg: number | null;
            cbdPercent: number | null;
            infused: boolean;
            medicalOnly: boolean;
            adultUseAllowed: boolean;
            restrictedJurisdictions: string[];
            attributes: ("perishable" | "contains_alcohol")[];
            /** @enum {string} */
            reviewStatus: "confirmed" | "needs_review" | "rejected";
            /** @enum {string} */
            status: "active" | "archived";
            prices: components["schemas"]["SkuPriceInput"][];
        };
        SkuPrice: {
            /** Format: uuid */
            storeId: string;
            priceCents: number;
            currency: string;
            tiers: {
                minQuantity: number;
                unitPriceCents: number;
            }[];
            updatedAt: string;
        };
        SkuPriceInput: {
            /** Format: uuid */
            storeId: string;
            priceCents: number;
            currency: string;
            tiers: {
                minQuantity: number;
                unitPriceCents: number;
            }[];
            updatedAt: string;
        };
        Staff: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            organizationId: string;
            email: string;
            name: string;
            role: string;
            storeIds: string[];
            active: boolean;
            hasPin: boolean;
        };
        StaffInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            organizationId: string;
            email: string;
            name: string;
            role: string;
            storeIds: string[];
            active: boolean;
            hasPin: boolean;
        };
        /** @description A requested line and the packages picked for it */
        StockLinePicks: {
            /** @description Position of the line in the request, from 0 */
            lineNo: number;
            /** Format: uuid */
            skuId: string;
            quantity: number;
            /** @description The packages and locations the quantity was taken from */
            picks: {
                /** Format: uuid */
                packageId: string;
                packageLabel: string;
                /** Format: uuid */
                locationId: string;
                locationCode: string;
                batchId: string | null;
                /**
                 * @description each: counted in units; mg: counted in milligrams
                 * @enum {string}
                 */
                unit: "each" | "mg";
                quantity: number;
            }[];
        };
        /** @description A requested line and the packages picked for it */
        StockLinePicksInput: {
            /** @description Position of the line in the request, from 0 */
            lineNo: number;
            /** Format: uuid */
            skuId: string;
            quantity: number;
            /** @description The packages and locations the quantity was taken from */
            picks: {
                /** Format: uuid */
                packageId: string;
                packageLabel: string;
                /** Format: uuid */
                locationId: string;
                locationCode: string;
                batchId: string | null;
                /**
                 * @description each: counted in units; mg: counted in milligrams
                 * @enum {string}
                 */
                unit: "each" | "mg";
                quantity: number;
            }[];
        };
        Store: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            organizationId: string;
            name: string;
            licenseNumber: string;
            jurisdiction: string;
            timezone: string;
            address: {
                line1?: string;
                line2?: string;
                city?: string;
                region?: string;
                postalCode?: string;
                country?: string;
            };
        };
        StoreInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            organizationId: string;
            name: string;
            licenseNumber: string;
            jurisdiction: string;
            timezone: string;
            address: {
                line1?: string;
                line2?: string;
                city?: string;
                region?: string;
                postalCode?: string;
                country?: string;
            };
        };
        StoreTaxSetting: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            localSalesTaxRate: number;
            localCannabisTaxRate: number;
            effectiveFrom: string;
            effectiveTo: string | null;
            reason: string | null;
            createdBy: string | null;
            createdAt: string;
        };
        StoreTaxSettingInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            localSalesTaxRate: number;
            localCannabisTaxRate: number;
            effectiveFrom: string;
            effectiveTo: string | null;
            reason: string | null;
            createdBy: string | null;
            createdAt: string;
        };
        StoredValueAccount: {
            /** Format: uuid */
            id: string;
            kind: string;
            last4: string | null;
            customerId: string | null;
            balanceCents: number;
        };
        StoredValueAccountInput: {
            /** Format: uuid */
            id: string;
            kind: string;
            last4: string | null;
            customerId: string | null;
            balanceCents: number;
        };
        StorefrontProduct: {
            id: string;
            title: string;
            slug: string;
            brand: {
                name: string;
                slug: string;
            } | null;
            category: string;
            strainType: string | null;
            strainName: string | null;
            effects: string[];
            images: {
                url: string;
                alt?: string;
            }[];
            seoDescription: string;
            minPriceCents: number;
            maxThcPercent: number | null;
            rank: number | null;
            skus: {
                id: string;
                code: string;
                sizeLabel: string;
                unit: string;
                netWeightMg: number | null;
                thcMg: number | null;
                thcPercent: number | null;
                cbdMg: number | null;
                cbdPercent: number | null;
                /** @description The catalog marks the SKU for registered patients only. */
                medicalOnly: boolean;
                /** @description Only registered patients may buy it at this store: marked medical-only, or the store’s compliance pack refuses it to adult-use customers (e.g. above the adult-use package cap). */
                patientsOnly: boolean;
                priceCents: number;
                currency: string;
                tiers: {
                    minQuantity: number;
                    unitPriceCents: number;
                }[];
                inStock: boolean;
            }[];
        };
        StorefrontProductInput: {
            id: string;
            title: string;
            slug: string;
            brand: {
                name: string;
                slug: string;
            } | null;
            category: string;
            strainType: string | null;
            strainName: string | null;
            effects: string[];
            images: {
                url: string;
                alt?: string;
            }[];
            seoDescription: string;
            minPriceCents: number;
            maxThcPercent: number | null;
            rank: number | null;
            skus: {
                id: string;
                code: string;
                sizeLabel: string;
                unit: string;
                netWeightMg: number | null;
                thcMg: number | null;
                thcPercent: number | null;
                cbdMg: number | null;
                cbdPercent: number | null;
                /** @description The catalog marks the SKU for registered patients only. */
                medicalOnly: boolean;
                /** @description Only registered patients may buy it at this store: marked medical-only, or the store’s compliance pack refuses it to adult-use customers (e.g. above the adult-use package cap). */
                patientsOnly: boolean;
                priceCents: number;
                currency: string;
                tiers: {
                    minQuantity: number;
                    unitPriceCents: number;
                }[];
                inStock: boolean;
            }[];
        };
        TraceReconciliation: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            trigger: "schedule" | "api";
            /** @enum {string} */
            status: "succeeded" | "failed";
            checked: number;
            held: number;
            error: string | null;
            startedAt: string;
            finishedAt: string;
            differences: {
                packageLabel: string;
                /** @enum {string} */
                kind: "quantity_mismatch" | "missing_in_state" | "missing_locally" | "status_mismatch";
                local: unknown | null;
                state: unknown | null;
                action: string | null;
            }[];
        };
        TraceReconciliationInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            trigger: "schedule" | "api";
            /** @enum {string} */
            status: "succeeded" | "failed";
            checked: number;
            held: number;
            error: string | null;
            startedAt: string;
            finishedAt: string;
            differences: {
                packageLabel: string;
                /** @enum {string} */
                kind: "quantity_mismatch" | "missing_in_state" | "missing_locally" | "status_mismatch";
                local: unknown | null;
                state: unknown | null;
                action: string | null;
            }[];
        };
        TraceReport: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            kind: "sale" | "void" | "return" | "adjustment";
            orderId: string | null;
            /** @enum {string} */
            status: "queued" | "sending" | "sent" | "failed" | "resolved";
            attempts: number;
            occurredAt: string;
            nextAttemptAt: string | null;
            externalId: string | null;
            alreadyReported: boolean | null;
            /** @description Why the last try failed, in words */
            reason: string | null;
            reasonKind: string | null;
            sentAt: string | null;
            failedAt: string | null;
            resolvedAt: string | null;
            resolutionNote: string | null;
            createdAt: string;
        };
        TraceReportInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            kind: "sale" | "void" | "return" | "adjustment";
            orderId: string | null;
            /** @enum {string} */
            status: "queued" | "sending" | "sent" | "failed" | "resolved";
            attempts: number;
            occurredAt: string;
            nextAttemptAt: string | null;
            externalId: string | null;
            alreadyReported: boolean | null;
            /** @description Why the last try failed, in words */
            reason: string | null;
            reasonKind: string | null;
            sentAt: string | null;
            failedAt: string | null;
            resolvedAt: string | null;
            resolutionNote: string | null;
            createdAt: string;
        };
        TraceabilitySettings: {
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            engine: "metrc" | "biotrack" | "none";
            licenseNumber: string;
            baseUrl: string | null;
            /** @enum {string} */
            mode: "realtime" | "batched";
            batchMinutes: number;
            credentialsHint: string | null;
            credentialsSet: boolean;
            policy: {
                jurisdiction: string;
                realtimeFor: string[];
                maxDelayMinutes: number;
                blockSalesWhenDown: boolean;
                source: string;
                confidence: string;
            };
            blockSalesWhenDown: boolean;
            circuit: {
                /** @enum {string} */
                state: "closed" | "open";
                consecutiveFailures: number;
                pausedUntil: string | null;
                lastError: string | null;
            };
            lastSuccessAt: string | null;
            lastReconciledAt: string | null;
            updatedAt: string;
        };
        TraceabilitySettingsInput: {
            /** Format: uuid */
            storeId: string;
            /** @enum {string} */
            engine: "metrc" | "biotrack" | "none";
            licenseNumber: string;
            baseUrl: string | null;
            /** @enum {string} */
            mode: "realtime" | "batched";
            batchMinutes: number;
            credentialsHint: string | null;
            credentialsSet: boolean;
            policy: {
                jurisdiction: string;
                realtimeFor: string[];
                maxDelayMinutes: number;
                blockSalesWhenDown: boolean;
                source: string;
                confidence: string;
            };
            blockSalesWhenDown: boolean;
            circuit: {
                /** @enum {string} */
                state: "closed" | "open";
                consecutiveFailures: number;
                pausedUntil: string | null;
                lastError: string | null;
            };
            lastSuccessAt: string | null;
            lastReconciledAt: string | null;
            updatedAt: string;
        };
        /** @description The store’s pack on what one vehicle carries */
        VehicleLoadCheck: {
            /** @description The pack that judged the load (empty when the store has none in effect) */
            packVersion: string;
            /** @description Store-local date the rules were read for */
            date: string;
            /** @description Retail value on board: the orders’ goods before discounts and taxes, plus goods without an order */
            valueCents: number;
            /** @description Of it, orders paid in full before departure by a tender other than cash */
            prepaidValueCents: number;
            unorderedValueCents: number;
            /** @description Cannabis caps on the vehicle, with what the load uses */
            amounts: {
                id: string;
                label: string;
                used: number;
                max: number;
                /** @enum {string} */
                unit: "mg" | "mg_thc" | "units";
                remaining: number;
                window: string;
                /** @enum {string} */
                confidence: "sure" | "likely" | "unsure";
                /** @description Present when customer.limitAllowances named this limit; `max` is then the larger of the two. */
                allowance?: {
                    /** @description The patient’s allowance as sent, in `unit`. */
                    max: number;
                    /** @description The pack’s own maximum. */
                    packMax: number;
                    /** @description True when the allowance raised `max`; false when it was not above the pack’s maximum. */
                    applied: boolean;
                };
            }[];
            /** @description Vehicle rules of the pack in effect */
            rules: string[];
            /** @description Broken vehicle rules (code DELIVERY_VEHICLE_LIMIT; lines = indexes of the orders on board) */
            violations: {
                /** @enum {string} */
                code: "UNDERAGE" | "PURCHASE_LIMIT" | "MEDICAL_CARD_INVALID" | "OUTSIDE_SALE_HOURS" | "DELIVERY_NOT_ALLOWED" | "DELIVERY_VEHICLE_LIMIT" | "PRODUCT_NOT_PERMITTED";
                message: string;
                rule: string;
                lines: number[];
                overridable: boolean;
                /** @enum {string} */
                confidence?: "sure" | "likely" | "unsure";
                source?: {
                    refs: string[];
                    title: string;
                };
            }[];
        };
        /** @description The store’s pack on what one vehicle carries */
        VehicleLoadCheckInput: {
            /** @description The pack that judged the load (empty when the store has none in effect) */
            packVersion: string;
            /** @description Store-local date the rules were read for */
            date: string;
            /** @description Retail value on board: the orders’ goods before discounts and taxes, plus goods without an order */
            valueCents: number;
            /** @description Of it, orders paid in full before departure by a tender other than cash */
            prepaidValueCents: number;
            unorderedValueCents: number;
            /** @description Cannabis caps on the vehicle, with what the load uses */
            amounts: {
                id: string;
                label: string;
                used: number;
                max: number;
                /** @enum {string} */
                unit: "mg" | "mg_thc" | "units";
                remaining: number;
                window: string;
                /** @enum {string} */
                confidence: "sure" | "likely" | "unsure";
                /** @description Present when customer.limitAllowances named this limit; `max` is then the larger of the two. */
                allowance?: {
                    /** @description The patient’s allowance as sent, in `unit`. */
                    max: number;
                    /** @description The pack’s own maximum. */
                    packMax: number;
                    /** @description True when the allowance raised `max`; false when it was not above the pack’s maximum. */
                    applied: boolean;
                };
            }[];
            /** @description Vehicle rules of the pack in effect */
            rules: string[];
            /** @description Broken vehicle rules (code DELIVERY_VEHICLE_LIMIT; lines = indexes of the orders on board) */
            violations: {
                /** @enum {string} */
                code: "UNDERAGE" | "PURCHASE_LIMIT" | "MEDICAL_CARD_INVALID" | "OUTSIDE_SALE_HOURS" | "DELIVERY_NOT_ALLOWED" | "DELIVERY_VEHICLE_LIMIT" | "PRODUCT_NOT_PERMITTED";
                message: string;
                rule: string;
                lines: number[];
                overridable: boolean;
                /** @enum {string} */
                confidence?: "sure" | "likely" | "unsure";
                source?: {
                    refs: string[];
                    title: string;
                };
            }[];
        };
        WebhookDelivery: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            subscriptionId: string;
            /** Format: uuid */
            eventId: string;
            eventType: string;
            /** @enum {string} */
            status: "pending" | "processing" | "succeeded" | "failed";
            attempts: number;
            lastStatusCode: number | null;
            lastError: string | null;
            nextAttemptAt: string | null;
            deliveredAt: string | null;
            createdAt: string;
        };
        WebhookDeliveryAttempt: {
            attempt: number;
            /** @description Sent as the half-open probe of an open circuit */
            probe: boolean;
            startedAt: string;
            durationMs: number;
            statusCode: number | null;
            /** @enum {string} */
            outcome: "succeeded" | "http_error" | "timeout" | "network_error";
            error: string | null;
        };
        WebhookDeliveryAttemptInput: {
            attempt: number;
            /** @description Sent as the half-open probe of an open circuit */
            probe: boolean;
            startedAt: string;
            durationMs: number;
            statusCode: number | null;
            /** @enum {string} */
            outcome: "succeeded" | "http_error" | "timeout" | "network_error";
            error: string | null;
        };
        WebhookDeliveryInput: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            subscriptionId: string;
            /** Format: uuid */
            eventId: string;
            eventType: string;
            /** @enum {string} */
            status: "pending" | "processing" | "succeeded" | "failed";
            attempts: number;
            lastStatusCode: number | null;
            lastError: string | null;
            nextAttemptAt: string | null;
            deliveredAt: string | null;
            createdAt: string;
        };
        WebhookSubscription: {
            /** Format: uuid */
            id: string;
            url: string;
            description: string;
            eventTypes: string[];
            active: boolean;
            /** @description The last characters of the signing secret; the secret itself is never shown again */
            secretHint: string;
            previousSecretHint: string | null;
            previousSecretExpiresAt: string | null;
            circuit: {
                /** @enum {string} */
                state: "closed" | "open" | "half_open";
                consecutiveFailures: number;
                openedAt: string | null;
                retryAt: string | null;
            };
            createdAt: string;
            updatedAt: string;
        };
        WebhookSubscriptionInput: {
            /** Format: uuid */
            id: string;
            url: string;
            description: string;
            eventTypes: string[];
            active: boolean;
            /** @description The last characters of the signing secret; the secret itself is never shown again */
            secretHint: string;
            previousSecretHint: string | null;
            previousSecretExpiresAt: string | null;
            circuit: {
                /** @enum {string} */
                state: "closed" | "open" | "half_open";
                consecutiveFailures: number;
                openedAt: string | null;
                retryAt: string | null;
            };
            createdAt: string;
            updatedAt: string;
        };
        WebhookSubscriptionWithSecret: {
            /** Format: uuid */
            id: string;
            url: string;
            description: string;
            eventTypes: string[];
            active: boolean;
            /** @description The last characters of the signing secret; the secret itself is never shown again */
            secretHint: string;
            previousSecretHint: string | null;
            previousSecretExpiresAt: string | null;
            circuit: {
                /** @enum {string} */
                state: "closed" | "open" | "half_open";
                consecutiveFailures: number;
                openedAt: string | null;
                retryAt: string | null;
            };
            createdAt: string;
            updatedAt: string;
            /** @description Present only when the server generated the secret: shown this once */
            secret?: string;
        };
        WebhookSubscriptionWithSecretInput: {
            /** Format: uuid */
            id: string;
            url: string;
            description: string;
            eventTypes: string[];
            active: boolean;
            /** @description The last characters of the signing secret; the secret itself is never shown again */
            secretHint: string;
            previousSecretHint: string | null;
            previousSecretExpiresAt: string | null;
            circuit: {
                /** @enum {string} */
                state: "closed" | "open" | "half_open";
                consecutiveFailures: number;
                openedAt: string | null;
                retryAt: string | null;
            };
            createdAt: string;
            updatedAt: string;
            /** @description Present only when the server generated the secret: shown this once */
            secret?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
