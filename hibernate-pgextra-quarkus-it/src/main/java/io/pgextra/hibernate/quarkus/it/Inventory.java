package io.pgextra.hibernate.quarkus.it;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.signals.Delivery;
import io.pgextra.hibernate.signals.Signal;
import io.pgextra.hibernate.signals.Signals;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

@ApplicationScoped
public class Inventory {
    @Inject PgExtraEntityManager pg;   // hibernate-pgextra-cdi: the EntityManager of the current JTA transaction
    @Inject EntityManager em;          // Quarkus's own, still injectable: not ambiguous
    @Inject Signals signals;           // the signals of Quarkus's EntityManagerFactory

    final AtomicLong restocked = new AtomicLong();

    void connectReceivers(@Observes StartupEvent start) {   // once, when the application starts
        signals.connect(Signal.UPDATE, Item.class, Delivery.AFTER_COMMIT, event -> restocked.incrementAndGet());
    }

    @Transactional
    public Long restock(String sku, int quantity) {   // insert, or update the row with this sku: one statement
        return pg.upsert(Item.class, ConflictTarget.attributes("sku"), Map.of("sku", sku, "quantity", quantity));
    }

    @Transactional
    public Long list(Map<String, String> attributes) {   // ON CONFLICT (("attributes" -> 'ean')): an @HStoreUnique key
        return pg.upsert(Listing.class, ConflictTarget.hstoreKey("attributes", "ean"), Map.of("attributes", attributes));
    }

    @Transactional
    public Item find(Long id) {
        return em.find(Item.class, id);
    }

    public long restocked() {   // updates committed since startup
        return restocked.get();
    }
}
