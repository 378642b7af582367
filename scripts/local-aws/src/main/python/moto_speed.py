"""moto's DynamoDB transactions at the cost of the items they touch, as on DynamoDB.

moto 5.2's TransactWriteItems deep-copies every table a transaction names, so it can roll the table back if a
condition fails: its cost grows with the table, and a suite or a demo that writes a few thousand ledger items with a
transaction per reminder slows to a crawl. This keeps moto's own transaction logic and rolls back instead just the
items the transaction touches, which are all it can have changed. The front serializes DynamoDB calls, so nothing
else writes meanwhile.
"""

import copy
from typing import Any

from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table

_REAL_DEEPCOPY = copy.deepcopy


class _TablesAreNotCopied:
    """Stands in for the copy module inside moto's DynamoDB models: tables are kept, everything else copied."""

    @staticmethod
    def deepcopy(value: Any, memo: Any = None) -> Any:
        return value if isinstance(value, Table) else _REAL_DEEPCOPY(value, memo)


def install() -> None:
    import moto.dynamodb.models as models

    original = DynamoDBBackend.transact_write_items

    def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
        before = []
        for item in transact_items:
            _, operation = next(iter(item.items()))
            table = self.tables.get(operation.get("TableName"))
            if table is None:
                continue
            key = operation.get("Key") or {name: operation["Item"][name]
                                           for name in (table.hash_key_attr, table.range_key_attr) if name}
            current = self.get_item(table.name, key)
            before.append((table.name, key, None if current is None else current.to_json()["Attributes"]))
        try:
            original(self, transact_items)
        except Exception:
            for table_name, key, attributes in before:
                if attributes is None:
                    if self.get_item(table_name, key) is not None:
                        self.delete_item(table_name, key)
                else:
                    self.put_item(table_name, _REAL_DEEPCOPY(attributes))
            raise

    models.copy = _TablesAreNotCopied
    DynamoDBBackend.transact_write_items = transact_write_items
