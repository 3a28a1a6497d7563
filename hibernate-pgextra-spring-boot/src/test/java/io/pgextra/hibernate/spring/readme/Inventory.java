package io.pgextra.hibernate.spring.readme;

import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.spring.model.Item;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** README, "Spring Boot": verbatim. */
@Service
class Inventory {
    @Autowired
    PgExtraEntityManager pg;

    @Transactional
    Long restock(String sku, int quantity) {
        return pg.upsert(Item.class, ConflictTarget.attributes("sku"), Map.of("sku", sku, "quantity", quantity));
    }
}
