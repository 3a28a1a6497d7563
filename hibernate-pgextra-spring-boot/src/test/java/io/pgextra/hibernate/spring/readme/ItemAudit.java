package io.pgextra.hibernate.spring.readme;

import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.SignalEvent;
import io.pgextra.hibernate.spring.SignalReceiver;
import io.pgextra.hibernate.spring.model.AuditEntry;
import io.pgextra.hibernate.spring.model.AuditRepository;
import io.pgextra.hibernate.spring.model.Item;

import org.springframework.stereotype.Component;

/** README, "Spring Boot": verbatim. */
@Component
class ItemAudit {
    private final AuditRepository audits;

    ItemAudit(AuditRepository audits) {
        this.audits = audits;
    }

    @SignalReceiver(entity = Item.class, signal = {Signal.CREATE, Signal.UPDATE}, delivery = Delivery.AFTER_COMMIT)
    void itemSaved(SignalEvent<Item> event) {
        audits.save(new AuditEntry(event.signal() + " item " + event.id()));
    }
}
